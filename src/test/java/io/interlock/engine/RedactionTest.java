package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.decision.TriggerResponse;
import io.interlock.fetch.Allowlist;
import io.interlock.fetch.FetchSettings;
import io.interlock.testing.Payloads;
import io.interlock.testing.Upstream;
import io.interlock.trigger.Trigger;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Nothing recorded about a call holds a secret: every String of every record an evaluation's
 * result is made of is redacted, found by reflection so that a field added later is covered, and
 * an Action that puts its secrets everywhere it can (fetch method, URL path and host, header,
 * console, denial) leaves none of them in the result.
 */
class RedactionTest {

    static final String SECRET = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
    static final String TENANT = "tenant-4f9a2c";
    static final ActionSecrets SECRETS = ActionSecrets.of(Map.of("API_KEY", SECRET, "TENANT", TENANT));

    /** Names the operator configured and Interlock's own codes, which no policy writes (see {@link Redaction}). */
    static final Set<String> NOT_POLICY_TEXT = Set.of("EvaluationResult.decidedBy", "Failure.policy", "PolicyTrace.policy",
            "FetchCall.allowedBy", "FetchCall.error");

    @Test
    void everyTextOfTheResultIsRedactedButTheNamesNoPolicyWrites() throws Exception {
        EvaluationResult full = (EvaluationResult) filled(EvaluationResult.class);
        Set<String> all = new TreeSet<>();
        walk(full, "", all);
        assertTrue(all.containsAll(NOT_POLICY_TEXT) && all.contains("FetchCall.method") && all.contains("PreSignupResponse.errorMessage"),
                "the filled result has the secret in every text: " + all);
        Set<String> kept = new TreeSet<>();
        walk(Redaction.of(full, SECRETS), "", kept);
        assertEquals(new TreeSet<>(NOT_POLICY_TEXT), kept, "texts that still hold the secret after redaction");
    }

    @Test
    void anActionPuttingItsSecretsEverywhereLeavesNoneInTheResultAndSendsNoneAsAMethod() throws Exception {
        try (Upstream upstream = new Upstream();
                PolicyEngine engine = PolicyEngine.create(FetchTest.settings(60_000, FetchSettings.defaults()
                        .withAllow(Allowlist.parse("api.example.test:" + upstream.port())).withLimits(Duration.ofSeconds(60), 1024, 10))
                        .withSecrets(SECRETS))) {
            String api = "http://api.example.test:" + upstream.port();
            EvaluationResult result = FetchTest.run(engine, """
                    exports.onExecutePostLogin = async (event, api) => {
                      const key = event.secrets.API_KEY;
                      console.log('using', key);
                      try { await fetch('%1$s/echo', {method: key}); } catch (e) { console.log(e.message); }
                      await fetch(`%1$s/echo/${key}?key=${key}`, {headers: {authorization: `Bearer ${key}`}});
                      try { await fetch(`http://${event.secrets.TENANT}.example.org/`); } catch (e) { console.log(e.message); }
                      try { await fetch(`ftp://api.example.test/${key}`); } catch (e) { console.log(e.message); }
                      api.access.deny(`no access with ${key}`);
                    };
                    """.formatted(api));
            assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"no access with [secret API_KEY]\"}}", FetchTest.answer(result));
            assertEquals(List.of("GET /echo/" + SECRET + "?key=" + SECRET + " Bearer " + SECRET),
                    upstream.seen().stream().map(s -> s.method() + " " + s.path() + " " + s.authorization()).toList(),
                    "sent where the Action put it (path, header), never as the method");
            assertTrue(result.trace().get(0).console().get(1).startsWith("fetch ? api.example.test:" + upstream.port()
                    + ": the method must be one of"), () -> result.trace().get(0).console().toString());
            Set<String> kept = new TreeSet<>();
            walk(result, "", kept);
            assertEquals(Set.of(), kept, () -> "texts holding a secret in " + result);
        }
    }

    /** An instance of {@code type} with the secret in every text, built through the records' own constructors. */
    static Object filled(Type type) throws Exception {
        Class<?> raw = (Class<?>) (type instanceof ParameterizedType p ? p.getRawType() : type);
        Type inner = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : null;
        if (raw == String.class) {
            return "text with " + SECRET + " in it";
        } else if (raw == Optional.class) {
            return Optional.of(filled(inner));
        } else if (raw == List.class) {
            return List.of(filled(inner));
        } else if (raw == Integer.class || raw == int.class) {
            return 1;
        } else if (raw == double.class) {
            return 1.0;
        } else if (raw == boolean.class) {
            return true;
        } else if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        } else if (raw == TriggerResponse.class) {
            return TriggerResponse.deny(Trigger.PRE_SIGNUP, "denied with " + SECRET);
        } else if (raw.isRecord()) {
            RecordComponent[] components = raw.getRecordComponents();
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = filled(components[i].getGenericType());
            }
            return raw.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new))
                    .newInstance(values);
        }
        throw new AssertionError("teach this test to fill a " + type);
    }

    /** Adds to {@code found} each record component ({@code Record.name}) whose text holds a secret. */
    static void walk(Object value, String where, Set<String> found) throws Exception {
        if (value instanceof String text) {
            if (text.contains(SECRET) || text.contains(TENANT)) {
                found.add(where);
            }
        } else if (value instanceof Optional<?> optional) {
            if (optional.isPresent()) {
                walk(optional.get(), where, found);
            }
        } else if (value instanceof List<?> list) {
            for (Object each : list) {
                walk(each, where, found);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                walk(entry.getKey(), where, found);
                walk(entry.getValue(), where, found);
            }
        } else if (value instanceof JsonNode json) {
            walk(json.toString(), where, found);
        } else if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                walk(component.getAccessor().invoke(record), record.getClass().getSimpleName() + "." + component.getName(), found);
            }
        } else if (!(value == null || value instanceof Number || value instanceof Enum<?> || value instanceof Boolean)) {
            throw new AssertionError("teach this test to walk a " + value.getClass() + " at " + where);
        }
    }
}
