package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the host keeps for the modules a chain's Actions require stays bounded, whatever names
 * they make up: an Action requiring a fresh name on every call, over 1,000 calls of one prepared
 * chain, leaves the resolution cache within its weight and the heap where it was.
 */
class NodeModulesTest {

    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024)));
    static final int CALLS = 1_000;
    static final long MB = 1024 * 1024;

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    static Stream<Arguments> freshNames() {
        return Stream.of(
                // name length | what the Action is told (its console line starts so)
                // 256 K characters: kept with its answer (which names it thrice), ~1 MB a call, ~1 GB in all
                Arguments.of(256 * 1024, "MODULE_NOT_FOUND require(): the module name is 2621"),
                // just under the cap: resolved and kept, as many as the weight allows
                Arguments.of(NodeResolver.MAX_SPECIFIER - 40, "MODULE_NOT_FOUND Cannot find module 'xxx"));
    }

    @ParameterizedTest
    @MethodSource("freshNames")
    void requiringAFreshNameOnEveryCallKeepsMemoryFlat(int length, String told) {
        String action = "exports.onExecutePreUserRegistration = async (event, api) => {\n"
                + "  const name = 'x'.repeat(" + length + ") + Math.random();\n"
                + "  try { require(name); } catch (e) { console.log(e.code + ' ' + e.message.slice(0, 60)); return; }\n"
                + "  api.access.deny('required');\n"
                + "};";
        JsonNode payload = Payloads.of(Trigger.PRE_SIGNUP);
        try (PreparedChain chain = ENGINE.prepare(Trigger.PRE_SIGNUP, List.of(new PolicySource("t.js", action)), null)) {
            assertTrue(chain.loaded(), () -> chain.loadErrors().toString());
            call(chain, payload, 20, told); // contexts prepared and code paths run before the first measure
            long before = retainedHeap();
            call(chain, payload, CALLS, told);
            long after = retainedHeap();
            long cached = chain.modules().cachedChars();
            assertTrue(cached <= NodeModules.MAX_CACHED_CHARS, "the cache holds " + cached + " characters");
            assertTrue(after - before < 100 * MB, "retained heap grew by " + (after - before) / MB + " MB over " + CALLS
                    + " calls (from " + before / MB + " MB)");
        }
    }

    private static void call(PreparedChain chain, JsonNode payload, int times, String told) {
        for (int i = 0; i < times; i++) {
            EvaluationResult result = ENGINE.evaluate(chain, payload);
            String answer = result.response().map(r -> r.toWire().toString()).orElseGet(() -> result.failure().get().located());
            assertEquals("{\"decision\":\"ALLOW\"}", answer);
            String line = result.trace().get(0).console().stream().filter(l -> l.startsWith("MODULE_NOT_FOUND")).findFirst()
                    .orElse(result.trace().get(0).console().toString());
            assertTrue(line.startsWith(told), line);
        }
    }

    /** Heap in use after full collections: what is still reachable, give or take what is being prepared. */
    private static long retainedHeap() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
