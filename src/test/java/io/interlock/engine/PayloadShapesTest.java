package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.json.StrictJson;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hot shape's builder makes the object JSON.parse makes, for every payload it is used for, and
 * hostile keys stay data. Each case is compared in one GraalJS context: the builder's object and
 * the parse of the same text, described down to property order, attributes, prototypes and the
 * sign of zero.
 */
class PayloadShapesTest {

    /** Own keys in order, each property's attributes, prototypes, extensibility, exact numbers. */
    private static final String DESCRIBE = """
            (function describe(v) {
              if (v === null || typeof v !== 'object') {
                return typeof v + ':' + (Object.is(v, -0) ? '-0' : typeof v === 'string' ? JSON.stringify(v) : String(v));
              }
              const proto = Object.getPrototypeOf(v);
              let out = (Array.isArray(v) ? 'array' : 'object') + (proto === Object.prototype ? '' : proto === Array.prototype ? '' : '!proto')
                  + (Object.isExtensible(v) ? '' : '!sealed') + '{';
              for (const key of Reflect.ownKeys(v)) {
                const d = Object.getOwnPropertyDescriptor(v, key);
                out += JSON.stringify(String(key)) + (d.writable ? 'w' : '') + (d.enumerable ? 'e' : '') + (d.configurable ? 'c' : '')
                    + '=' + ('value' in d ? describe(d.value) : 'accessor') + ';';
              }
              return out + '}';
            })""";

    private static Context js;
    private static Value describe;
    private static Value parse;

    @BeforeAll
    static void context() {
        js = Context.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
        describe = js.eval("js", DESCRIBE);
        parse = js.eval("js", "JSON.parse");
    }

    @AfterAll
    static void close() {
        js.close();
    }

    static Stream<String> payloads() {
        List<String> cases = new ArrayList<>();
        for (Trigger trigger : Trigger.values()) {
            cases.add(new String(Payloads.bytes(trigger), java.nio.charset.StandardCharsets.UTF_8));
        }
        cases.addAll(List.of(
                "{\"__proto__\":{\"isAdmin\":true},\"a\":1}",
                "{\"constructor\":{\"prototype\":1},\"toString\":\"x\",\"hasOwnProperty\":null}",
                "{\"\\\"]:0}));globalThis.pwned=1;(({[\\\"\":\"\\\"}));globalThis.pwned=2;//\"}",
                "{\"a\\\\\":\"\\\\\",\"b\\n\":\"\\r\\t\\b\\f\",\"</script>\":\"${x}`\"}",
                "{\"2\":\"b\",\"1\":\"a\",\"x\":0,\"10\":\"c\",\"-1\":\"d\",\"01\":\"e\",\"4294967295\":\"f\"}",
                "{\"line\\u2028sep\":\"\\u2029\",\"lone\":\"\\ud800\",\"low\":\"\\udc00x\",\"pair\":\"\\ud83d\\ude00\",\"nul\":\"\\u0000\"}",
                "{\"é\":\"ü\",\"日本\":\"語\",\"\":\"empty key\"}",
                "{\"n\":[0,-0.0,0.0,1.5e-7,9007199254740993,-9007199254740993,123456789012345678901234567890,1e308,"
                        + "-1e-320,2147483647,2147483648,-2147483648,-2147483649,1E2,0.1,4.35,1e400]}",
                "{\"e\":{},\"a\":[],\"nested\":[[[]],{\"x\":[{}]}],\"t\":true,\"f\":false,\"z\":null}",
                "{\"date\":\"2025-10-06\",\"neg\":-0.5,\"range\":\"a-0\"}"));
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void aHotShapesBuilderMakesWhatJsonParseMakes(String json) {
        PayloadShapes shapes = new PayloadShapes();
        JsonNode tree = StrictJson.parse(json).node().orElseThrow();
        PayloadShapes.Handed handed = hot(shapes, tree, json);
        assertNotNull(handed.shape(), "a builder for " + json);
        Value built = js.eval(handed.shape().builder()).execute(handed.values());
        assertEquals(describe.execute(parse.execute(json)).asString(), describe.execute(built).asString(), json);
        assertTrue(js.getBindings("js").getMember("pwned") == null, "a key ran as code: " + json);
    }

    @Test
    void anIntegerMinusZeroIsLeftToTheParse() {
        String json = "{\"n\":-0,\"m\":[1,-0]}";
        PayloadShapes.Handed handed = hot(new PayloadShapes(), StrictJson.parse(json).node().orElseThrow(), json);
        assertNull(handed.shape(), "the host tree has no sign for an integer zero");
        assertEquals(json, handed.json());
    }

    @Test
    void aShapeGetsItsBuilderOnlyWhenItRecurs() {
        PayloadShapes shapes = new PayloadShapes();
        String json = new String(Payloads.bytes(Trigger.PRE_SIGNUP), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode tree = StrictJson.parse(json).node().orElseThrow();
        for (int i = 1; i < PayloadShapes.HOT; i++) {
            assertNull(shapes.hand(tree, json).shape(), "sighting " + i);
        }
        assertNotNull(shapes.hand(tree, json).shape());
        String other = "{\"other\":" + json + "}";
        assertNull(shapes.hand(StrictJson.parse(other).node().orElseThrow(), other).shape(), "another shape counts anew");
    }

    /** "Aa" and "BB" have one String hash: the two shapes hash alike, and must not share a builder. */
    @Test
    void twoShapesWithOneHashNeverShareABuilder() {
        PayloadShapes shapes = new PayloadShapes();
        String aa = "{\"user\":{\"Aa\":\"first\"}}";
        String bb = "{\"user\":{\"BB\":\"second\"}}";
        PayloadShapes.Handed hot = hot(shapes, StrictJson.parse(aa).node().orElseThrow(), aa);
        assertNotNull(hot.shape());
        for (int i = 0; i < 2 * PayloadShapes.HOT; i++) {
            PayloadShapes.Handed other = shapes.hand(StrictJson.parse(bb).node().orElseThrow(), bb);
            assertNull(other.shape(), "BB's payload would be built as {Aa: ...}");
            assertEquals(bb, other.json());
        }
        assertNotNull(shapes.hand(StrictJson.parse(aa).node().orElseThrow(), aa).shape());
    }

    @Test
    void aPayloadWithTooManyValuesOrTooLongKeysIsLeftToTheParse() {
        StringBuilder json = new StringBuilder("{\"many\":[");
        for (int i = 0; i < 300; i++) {
            json.append(i == 0 ? "" : ",").append(i);
        }
        String text = json.append("]}").toString();
        assertNull(hot(new PayloadShapes(), StrictJson.parse(text).node().orElseThrow(), text).shape());
        String longKey = "{\"" + "k".repeat(20_000) + "\":1}";
        assertNull(hot(new PayloadShapes(), StrictJson.parse(longKey).node().orElseThrow(), longKey).shape(),
                "keys are written into the builder's source: 20,000 characters of them are not");
    }

    @Test
    void negativeZeroIsLookedForOnlyAsANumber() {
        assertTrue(PayloadShapes.hasNegativeZero("{\"a\":-0}"));
        assertTrue(PayloadShapes.hasNegativeZero("[-0,1]"));
        assertTrue(PayloadShapes.hasNegativeZero("[1, -0 ]"));
        assertFalse(PayloadShapes.hasNegativeZero("{\"d\":\"2025-10-06\",\"x\":-0.5,\"y\":-0e1}"));
    }

    /**
     * Through the engine, before and after the shape is hot: a policy that changes its payload
     * object changes nothing the next policy or the next evaluation sees.
     */
    @Test
    void eachPolicyCallGetsAnObjectOfItsOwnBeforeAndAfterTheShapeIsHot() {
        String json = new String(Payloads.bytes(Trigger.PRE_SIGNUP), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode payload = StrictJson.parse(json).node().orElseThrow();
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024)));
                PreparedChain chain = engine.prepare(Trigger.PRE_SIGNUP, List.of(
                        new PolicySource("a.js", """
                                export default function (ctx) {
                                  const seen = ctx.interceptor_context.user_email;
                                  ctx.interceptor_context.user_email = 'changed@example.com';
                                  Object.setPrototypeOf(ctx.data, null);
                                  Object.freeze(ctx);
                                  return seen === 'john.doe@acmecorp.com' ? {decision: 'ALLOW'}
                                      : {decision: 'DENY', error: {message: 'a saw ' + seen}};
                                }"""),
                        new PolicySource("b.js", """
                                export default function (ctx) {
                                  const fresh = ctx.interceptor_context.user_email === 'john.doe@acmecorp.com'
                                      && Object.getPrototypeOf(ctx.data) === Object.prototype && !Object.isFrozen(ctx);
                                  return fresh ? {decision: 'ALLOW'} : {decision: 'DENY', error: {message: 'b saw a change'}};
                                }""")), null)) {
            for (int i = 0; i < 2 * PayloadShapes.HOT; i++) {
                EvaluationResult result = engine.evaluate(chain, payload, json);
                assertEquals("{\"decision\":\"ALLOW\"}", result.response().orElseThrow().toWire().toString(), "evaluation " + i);
            }
            assertNotNull(chain.payloadShapes().hand(payload, json).shape(), "the later evaluations used the builder");
        }
    }

    /**
     * Payloads of many recurring shapes (here 24, each hot) through one context: every answer is
     * right, and the context keeps no more builders than its bound, however many shapes pass.
     */
    @Test
    void aContextKeepsABoundedNumberOfBuildersHoweverManyShapesPass() {
        EngineSettings oneContext = EngineSettings.defaults().withLimits(Limits.of(60_000, 1024))
                .withContexts(new EngineSettings.Contexts(1, 1_000_000, Long.MAX_VALUE));
        try (PolicyEngine engine = PolicyEngine.create(oneContext);
                PreparedChain chain = engine.prepare(Trigger.PRE_SIGNUP, List.of(new PolicySource("a.js", """
                        export default (ctx) => ctx.data.user.metadata['k' + ctx.data.user.metadata.n] === ctx.data.user.metadata.n
                            ? {decision: 'ALLOW'} : {decision: 'DENY', error: {message: JSON.stringify(ctx.data.user.metadata)}};
                        """)), null)) {
            for (int round = 0; round <= PayloadShapes.HOT; round++) {
                for (int shape = 0; shape < 24; shape++) {
                    JsonNode payload = Payloads.of(Trigger.PRE_SIGNUP);
                    ObjectNode metadata = (ObjectNode) payload.path("data").path("user").path("metadata");
                    metadata.put("n", shape).put("k" + shape, shape);
                    EvaluationResult result = engine.evaluate(chain, payload, payload.toString());
                    assertEquals("{\"decision\":\"ALLOW\"}", result.response().orElseThrow().toWire().toString(),
                            "round " + round + ", shape " + shape);
                }
            }
            ChainContext context = chain.contexts().borrow();
            try {
                assertTrue(context.builders() > 0 && context.builders() <= 16, "builders held: " + context.builders());
            } finally {
                chain.contexts().giveBack(context, true);
            }
        }
    }

    /**
     * Threads evaluating payloads of three alternating shapes on one chain at once, through the
     * switch from the parse to the builders: every answer is the one its own payload calls for.
     */
    @Test
    void concurrentEvaluationsOfAlternatingShapesEachGetTheirOwnPayload() throws Exception {
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024)));
                PreparedChain chain = engine.prepare(Trigger.PRE_SIGNUP, List.of(new PolicySource("a.js", """
                        export default (ctx) => ({decision: 'DENY', error: {message: ctx.data.user.metadata.thread + '/'
                            + ctx.data.user.metadata.call + '/' + Object.keys(ctx.data.user.metadata).length}});
                        """)), null)) {
            int threads = 4;
            int calls = 3 * PayloadShapes.HOT * 2;
            List<java.util.concurrent.Future<List<String>>> futures = new ArrayList<>();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        List<String> wrong = new ArrayList<>();
                        for (int call = 0; call < calls; call++) {
                            JsonNode payload = Payloads.of(Trigger.PRE_SIGNUP);
                            ObjectNode metadata = (ObjectNode) payload.path("data").path("user").path("metadata");
                            metadata.put("thread", thread).put("call", call);
                            for (int extra = 0; extra < call % 3; extra++) {
                                metadata.put("extra" + extra, extra); // three shapes, one after the other
                            }
                            String expected = thread + "/" + call + "/" + metadata.size();
                            EvaluationResult result = engine.evaluate(chain, payload, payload.toString());
                            String got = result.response().map(r -> r.toWire().path("error").path("message").asText())
                                    .orElse(String.valueOf(result.failure()));
                            if (!got.equals(expected)) {
                                wrong.add("expected " + expected + ", got " + got);
                            }
                        }
                        return wrong;
                    }));
                }
                for (var future : futures) {
                    assertEquals(List.of(), future.get(5, java.util.concurrent.TimeUnit.MINUTES));
                }
            } finally {
                pool.shutdownNow();
            }
            for (int extra = 0; extra < 3; extra++) {
                JsonNode payload = Payloads.of(Trigger.PRE_SIGNUP);
                ObjectNode metadata = (ObjectNode) payload.path("data").path("user").path("metadata");
                metadata.put("thread", 0).put("call", extra);
                for (int e = 0; e < extra; e++) {
                    metadata.put("extra" + e, e);
                }
                assertNotNull(chain.payloadShapes().hand(payload, payload.toString()).shape(), "shape " + extra + " is hot");
            }
        }
    }

    private static PayloadShapes.Handed hot(PayloadShapes shapes, JsonNode tree, String json) {
        PayloadShapes.Handed handed = null;
        for (int i = 0; i < PayloadShapes.HOT; i++) {
            handed = shapes.hand(tree, json);
        }
        return handed;
    }
}
