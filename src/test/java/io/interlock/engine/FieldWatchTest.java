package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.fetch.Outbound;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Replay's watch: which policy reads which watched payload field, however it reads it, and nothing else changes. */
class FieldWatchTest {

    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024)));
    static final String EMAIL = "/interceptor_context/user_email";
    static final String NAME = "/data/user/name";
    static final List<String> WATCHED = List.of(EMAIL, NAME, "/no/such/field");

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    static Stream<Arguments> reads() {
        return Stream.of(
                Arguments.of("export default (ctx) => ({ decision: ctx.interceptor_context.user_email.endsWith('@acmecorp.com') ? 'ALLOW' : 'DENY' })",
                        List.of(EMAIL)),
                Arguments.of("export default ({ interceptor_context: { user_email } }) => ({ decision: user_email ? 'ALLOW' : 'DENY' })",
                        List.of(EMAIL)),
                Arguments.of("export default (ctx) => { const copy = { ...ctx.data.user }; return { decision: 'ALLOW' }; }",
                        List.of(NAME)),
                Arguments.of("export default (ctx) => { JSON.stringify(ctx); return { decision: 'ALLOW' }; }", List.of(EMAIL, NAME)),
                Arguments.of("export default async (ctx) => { await null; return { decision: ctx.data.user.name ? 'ALLOW' : 'DENY' }; }",
                        List.of(NAME)),
                // what it does not read is not noted: another field, a presence check, the keys
                Arguments.of("export default (ctx) => ({ decision: ctx.interceptor_context.region === 'IN' ? 'ALLOW' : 'DENY' })",
                        List.of()),
                Arguments.of("export default (ctx) => ({ decision: 'user_email' in ctx.interceptor_context && Object.keys(ctx.data.user).length ? 'ALLOW' : 'DENY' })",
                        List.of()),
                // an Auth0 Action's event is built from the payload: every field it maps is read
                Arguments.of("exports.onExecutePreUserRegistration = async (event, api) => {};", List.of(EMAIL, NAME)));
    }

    @ParameterizedTest
    @MethodSource("reads")
    void everyWayOfReadingAWatchedFieldIsNotedForItsPolicyAndTheAnswerIsTheSame(String source, List<String> read) {
        JsonNode payload = Payloads.of(Trigger.PRE_SIGNUP);
        try (PreparedChain chain = ENGINE.prepare(Trigger.PRE_SIGNUP, List.of(new PolicySource("10-p.js", source)), null)) {
            FieldWatch watch = new FieldWatch(WATCHED);
            Limits limits = ENGINE.settings().limitsFor(Trigger.PRE_SIGNUP);
            EvaluationResult watched = ENGINE.evaluate(chain, payload, limits, Outbound.offline("test"), watch);
            EvaluationResult plain = ENGINE.evaluate(chain, payload, limits, Outbound.offline("test"));

            assertEquals(read.isEmpty() ? Map.of() : Map.of("10-p.js", read), sorted(watch.reads()), watched.toString());
            assertEquals(plain.failure(), watched.failure());
            assertEquals(plain.response().map(r -> r.toWire().toString()), watched.response().map(r -> r.toWire().toString()));
        }
    }

    @Test
    void eachPolicyOfAChainHasItsOwnReads() {
        try (PreparedChain chain = ENGINE.prepare(Trigger.PRE_SIGNUP, List.of(
                new PolicySource("10-email.js", "export default (ctx) => ({ decision: ctx.interceptor_context.user_email ? 'ALLOW' : 'DENY' })"),
                new PolicySource("20-none.js", "export default () => ({ decision: 'ALLOW' })"),
                new PolicySource("30-name.js", "export default (ctx) => ({ decision: ctx.data.user.name ? 'ALLOW' : 'DENY' })")), null)) {
            FieldWatch watch = new FieldWatch(WATCHED);
            ENGINE.evaluate(chain, Payloads.of(Trigger.PRE_SIGNUP), ENGINE.settings().limitsFor(Trigger.PRE_SIGNUP),
                    Outbound.offline("test"), watch);
            assertEquals(Map.of("10-email.js", List.of(EMAIL), "30-name.js", List.of(NAME)), watch.reads());
        }
    }

    private static Map<String, List<String>> sorted(Map<String, List<String>> reads) {
        return reads.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().sorted((a, b) -> WATCHED.indexOf(a) - WATCHED.indexOf(b)).toList()));
    }
}
