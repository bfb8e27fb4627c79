package io.interlock.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.trigger.Trigger;
import io.micronaut.core.value.MapPropertyResolver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settings' checks: each number of the catalog out of its range, and the settings whose
 * values the service used to find bad only later (a signing secret at the first call, the port and
 * host when binding), name the setting and what to do, in one problem each.
 */
class InterlockConfigTest {

    static InterlockConfig read(Map<String, Object> properties) {
        return InterlockConfig.from(new MapPropertyResolver(new HashMap<>(properties)));
    }

    static List<String> problems(Map<String, Object> properties) {
        return assertThrows(InvalidConfigException.class, () -> read(properties)).problems();
    }

    /** Every number setting of the catalog (per trigger too), below its range and not a number. */
    static Stream<Arguments> numbers() {
        return Settings.ALL.stream().filter(s -> s.range().isPresent() && !s.property().isEmpty())
                .flatMap(s -> Stream.concat(Stream.of(s), Stream.of(Trigger.values())
                        .filter(t -> s == Settings.TIMEOUT_MS || s == Settings.MEMORY_MB).map(t -> Settings.forTrigger(s, t))))
                .flatMap(s -> Stream.of(Arguments.of(s, Long.toString(s.range().get().min() - 1)), Arguments.of(s, "many")));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("numbers")
    void aNumberOutsideItsRangeNamesTheSettingAndTheRange(Setting setting, String value) {
        Setting.Range range = setting.range().orElseThrow();
        assertEquals(List.of(setting.env() + " must be a whole number from " + range.min() + " to " + range.max()
                + " (got '" + value + "')"), problems(Map.of(setting.property(), value)));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("interlock.signing-secrets", "mysecret123", "INTERLOCK_SIGNING_SECRETS: signing secret #1 has no "
                        + "prefix (expected whsec_<base64> or insec_<base64>); copy the interceptor's secret from the platform "
                        + "dashboard as it is shown"),
                Arguments.of("interlock.signing-secrets", "whsec_not-base64!!", "INTERLOCK_SIGNING_SECRETS: signing secret #1 is "
                        + "not valid base64 after the prefix"),
                Arguments.of("interlock.signing-secrets", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, sk_live_abc",
                        "INTERLOCK_SIGNING_SECRETS: signing secret #2 has an unknown prefix"),
                Arguments.of("interlock.admin-token", "admin", "INTERLOCK_ADMIN_TOKEN is 5 characters long, fewer than 16; use a "
                        + "random token, e.g. the output of: openssl rand -hex 32"),
                Arguments.of("interlock.admin-token", "correct horse battery staple", "INTERLOCK_ADMIN_TOKEN holds a space"),
                Arguments.of("interlock.admin-token", "ünïcödé-token-of-20", "INTERLOCK_ADMIN_TOKEN holds a space, a control "
                        + "character or a non-ASCII character, which an Authorization header cannot carry"),
                Arguments.of("micronaut.server.port", "abc", "MICRONAUT_SERVER_PORT must be a port number from 1 to 65535 (got 'abc')"),
                Arguments.of("micronaut.server.port", "0", "MICRONAUT_SERVER_PORT must be a port number from 1 to 65535 (got '0')"),
                Arguments.of("micronaut.server.port", "65536", "MICRONAUT_SERVER_PORT must be a port number from 1 to 65535"),
                Arguments.of("micronaut.server.host", "no-such-host.invalid", "MICRONAUT_SERVER_HOST: cannot resolve "
                        + "'no-such-host.invalid'; set an address of this machine (127.0.0.1 for this machine only), or unset it"
                        + " to listen on every interface"),
                Arguments.of("micronaut.server.host", "192.0.2.1", "MICRONAUT_SERVER_HOST: '192.0.2.1' is not an address of this machine"),
                Arguments.of("interlock.fetch-allow", "https://billing.acmecorp.com/v1", "INTERLOCK_FETCH_ALLOW: "
                        + "'https://billing.acmecorp.com/v1' is not host[:port] or *.domain[:port]: drop the scheme, like "
                        + "billing.acmecorp.com (fetch() takes http or https from the URL it is given)"),
                Arguments.of("interlock.fetch-allow", "api.example.com/v1", "INTERLOCK_FETCH_ALLOW: 'api.example.com/v1' is not "
                        + "host[:port] or *.domain[:port]: drop the path, like api.example.com"),
                Arguments.of("interlock.policies", "bad\u0000path", "INTERLOCK_POLICIES is not a valid path"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void aBadValueIsOneProblemNamingTheSettingAndTheFix(String property, String value, String message) {
        List<String> problems = problems(Map.of(property, value));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(message), problems.get(0) + "\n  should start: " + message);
    }

    @Test
    void aSigningSecretIsNeverRepeatedInItsProblem() {
        String secret = "whsec_s3cr3t-but-not-base64";
        String problem = problems(Map.of("interlock.signing-secrets", secret)).get(0);
        assertFalse(problem.contains("s3cr3t"), problem);
    }

    static Stream<Arguments> goodValues() {
        return Stream.of(
                Arguments.of("micronaut.server.port", "8080"),
                Arguments.of("micronaut.server.port", "-1"),
                Arguments.of("micronaut.server.host", "127.0.0.1"),
                Arguments.of("micronaut.server.host", "localhost"),
                Arguments.of("micronaut.server.host", "0.0.0.0"),
                Arguments.of("micronaut.server.host", "::1"),
                Arguments.of("interlock.admin-token", "0123456789abcdef"),
                Arguments.of("interlock.signing-secrets", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, insec_dGVzdA==,"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("goodValues")
    void goodValuesStart(String property, String value) {
        read(Map.of(property, value));
    }

    @Test
    void signingSecretsAreParsedOnce() {
        assertEquals(2, read(Map.of("interlock.signing-secrets", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw,insec_dGVzdA==,"))
                .signingSecrets().size());
        assertEquals(List.of(), read(Map.of("interlock.signing-secrets", " , ")).signingSecrets(),
                "only commas: no secret, and /health says no_secret rather than verified");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertEquals(3, problems(Map.of("interlock.timeout-ms", "1", "micronaut.server.port", "x",
                "interlock.signing-secrets", "nope")).size());
    }
}
