package io.interlock.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigningSecretTest {

    static final String KEY = "9vx5xtFNxQMZFcjLLGporL6TGkcSRNHb";

    @Test
    void parsesBothPrefixes() {
        SigningSecret wh = SigningSecret.parse("whsec_" + KEY);
        SigningSecret in = SigningSecret.parse("  insec_" + KEY + " ");
        assertEquals("whsec", wh.prefix());
        assertEquals("insec", in.prefix());
        assertEquals(24, wh.keyLength());
        assertEquals(24, in.keyLength());
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                    | is empty",
        "'   '                                 | is empty",
        "9vx5xtFNxQMZFcjLLGporL6TGkcSRNHb      | has no prefix",
        "sk_9vx5xtFNxQMZFcjLLGporL6TGkcSRNHb   | has an unknown prefix",
        "WHSEC_9vx5xtFNxQMZFcjLLGporL6TGkcSRNHb| has an unknown prefix",
        "whsec_                                | has no key",
        "whsec_9vx5xtFNx*QMZFcjLLGporL6TGkcSRN | is not valid base64",
        "whsec_9vx5xt FNxQMZFcjLLGporL6TGkcSRN | is not valid base64",
        "whsec_9vx5xtFNxQMZFcjLLGporL6TGkcSRNHbA| is not valid base64",
        "whsec_abc_def                         | is not valid base64",
    })
    void rejectsMalformedWithoutEchoingIt(String text, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SigningSecret.parse(text));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().contains("expected whsec_<base64> or insec_<base64>"), e.getMessage());
        assertNoSecretIn(e.getMessage(), text);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1} secrets")
    @CsvSource(delimiter = '|', value = {
        "''                                                                   | 0",
        "' , ,'                                                               | 0",
        "whsec_9vx5xtFNxQMZFcjLLGporL6TGkcSRNHb                               | 1",
        "whsec_9vx5xtFNxQMZFcjLLGporL6TGkcSRNHb, insec_c2Vjb25kLXNlY3JldA==   | 2",
        "' whsec_9vx5xtFNxQMZFcjLLGporL6TGkcSRNHb ,, insec_c2Vjb25k ,'        | 2",
    })
    void parsesLists(String csv, int count) {
        assertEquals(count, SigningSecret.parseList(csv).size());
    }

    @Test
    void nullListIsEmpty() {
        assertEquals(List.of(), SigningSecret.parseList(null));
    }

    @Test
    void listErrorNamesThePositionNotTheSecret() {
        String bad = "whsec_s3cr3t!value";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningSecret.parseList("whsec_" + KEY + ",," + bad + ",insec_" + KEY));
        assertTrue(e.getMessage().startsWith("signing secret #3 "), e.getMessage());
        assertNoSecretIn(e.getMessage(), bad);
    }

    @Test
    void toStringHidesTheKey() {
        String text = SigningSecret.parse("whsec_" + KEY).toString();
        assertEquals("SigningSecret[whsec_***, 24-byte key]", text);
    }

    private static void assertNoSecretIn(String message, String secretText) {
        String body = secretText.strip();
        int underscore = body.indexOf('_');
        String key = underscore < 0 ? body : body.substring(underscore + 1);
        if (key.length() >= 4) {
            assertFalse(message.contains(key), message);
        }
    }
}
