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

    /** Issue 24 item 2: an Action's own secrets, from the file and from INTERLOCK_ACTION_<FILE>_SECRET_<NAME>. */
    @Test
    void eachActionHasItsOwnSecretsOverTheSharedOnes() throws Exception {
        Path file = Files.writeString(folder.resolve("secrets.json"), "{\"API_KEY\": \"shared\","
                + " \"pre-signup/30-domain-allowlist.js\": {\"ALLOWED_DOMAIN\": \"acmecorp.com\", \"API_KEY\": \"mine\"}}");
        var secrets = SecretsFile.actionSecrets(java.util.Optional.of(file.toString()),
                Map.of("INTERLOCK_ACTION_30_DOMAIN_ALLOWLIST_SECRET_REGION", "eu", "INTERLOCK_ACTION_40_OTHER_SECRET_REGION", "us"));
        assertEquals(Map.of("API_KEY", "shared"), secrets.asMap());
        assertEquals(Map.of("API_KEY", "mine", "ALLOWED_DOMAIN", "acmecorp.com", "REGION", "eu"),
                secrets.forAction("policies/pre-signup/30-domain-allowlist.js").asMap());
        assertEquals(Map.of("API_KEY", "shared", "REGION", "us"), secrets.forAction("policies/pre-signup/40-other.js").asMap());
    }

    @ParameterizedTest
    @CsvSource({"INTERLOCK_ACTION_30_X_KEY", "INTERLOCK_ACTION_30_X_SECRET_", "INTERLOCK_ACTION_30-x_SECRET_KEY"})
    void aMisspeltActionVariableIsRefusedNamingTheForm(String variable) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> SecretsFile.actionSecrets(java.util.Optional.empty(), Map.of(variable, "hunter2")));
        assertTrue(e.getMessage().contains(variable + ": not an Action secret; name it INTERLOCK_ACTION_<FILE>_SECRET_<NAME>"),
                e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void aMissingFileIsRefused() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> SecretsFile.read(folder.resolve("nope.json")));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }
}
