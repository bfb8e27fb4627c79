package io.interlock.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The secrets file for Auth0 Actions: accepted shapes, and every refusal naming the setting. */
class SecretsFileTest {

    @TempDir
    Path folder;

    @Test
    void readsNamesToStrings() throws Exception {
        Path file = Files.writeString(folder.resolve("secrets.json"), "{\"API_KEY\": \"k-123\", \"region\": \"eu\"}");
        assertEquals(Map.of("API_KEY", "k-123", "region", "eu"), SecretsFile.read(file));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[\"a\"]                      | must be a JSON object",
            "{\"A\": 1}                   | A must be a string",
            "{\"bad-name\": \"x\"}        | not a valid secret name",
            "{\"A\": \"x\", \"A\": \"y\"} | Duplicate field",
            "{\"A\": \"hunter2\"          | invalid JSON",
    })
    void refusesWithTheSettingNamedAndNoSecretInTheMessage(String content, String expected) throws Exception {
        Path file = Files.writeString(folder.resolve("secrets.json"), content);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> SecretsFile.read(file));
        assertTrue(e.getMessage().contains("INTERLOCK_SECRETS_FILE"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void aMissingFileIsRefused() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> SecretsFile.read(folder.resolve("nope.json")));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }
}
