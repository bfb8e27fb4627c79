package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.decision.ValidationOptions;
import io.interlock.json.StrictJson;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 22's invariants, checked by walking the object graph a policy can reach rather than by a
 * list of probes (src/test/resources/walk/reachability.js): nothing shared by evaluations is left
 * unfrozen, and nothing one evaluation or policy could change is seen by the next. Every chain
 * runs on one context, so consecutive evaluations share it as production's do.
 */
class ReachabilityWalkTest {

    static final ActionSecrets SECRETS = ActionSecrets.of(Map.of("API_KEY", "sk_walk_0123456789"));
    static final EngineSettings ONE_CONTEXT = new EngineSettings(Limits.of(60_000, 1024), Map.of(), 1000, 4000,
            ValidationOptions.defaults(), Ticker.system(), SECRETS, new EngineSettings.Contexts(1, 1_000_000, Long.MAX_VALUE), null);
    static final PolicyEngine ENGINE = PolicyEngine.create(ONE_CONTEXT);

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    /** The web globals (web.js) and one of each of their instances, with a FormData body serialised. */
    static final String WEB_GLOBALS = """
            const WEB = () => {
              const form = new FormData(); form.append('a', '1'); form.append('f', new Blob(['x'], {type: 'text/plain'}), 'f.txt');
              const controller = new AbortController(); controller.signal.addEventListener('abort', () => {}); controller.abort();
              return [['FormData', FormData], ['Blob', Blob], ['File', File], ['AbortController', AbortController],
                ['AbortSignal', AbortSignal], ['DOMException', DOMException], ['structuredClone', structuredClone],
                ['new FormData()', form], ['new Blob()', new Blob(['x'])], ['new File()', new File(['y'], 'y.txt')],
                ['new AbortController()', controller], ['AbortSignal.timeout()', AbortSignal.timeout(10)],
                ['new DOMException()', new DOMException('m', 'AbortError')], ['structuredClone()', structuredClone({a: [1, new Map()]})]];
            };
            """;

    static final String WALKER = resource("/walk/reachability.js") + WEB_GLOBALS;

    /** What a plain policy is handed. Beside an Action, globalThis is exempt as in {@link #ACTION}. */
    static final String MODULE = WALKER + """
            export default (ctx, data) => {
              walkPrint(walkReport([['ctx', ctx], ['data', data], ['console', console], ['fetch', fetch],
                ['new Headers()', new Headers({a: '1'})], ['new Response()', new Response('{}')], ...WEB()],
                {exempt: data.withAction ? [globalThis] : []}));
              return {decision: 'ALLOW'};
            };
            """;

    /**
     * What an Auth0 Action is handed: event, api, require() and every Node module and global the
     * host provides. Its chain keeps globalThis extensible (sloppy CommonJS creates globals by
     * assignment), so the global itself is exempt here; its shape is checked after every policy.
     */
    static final String ACTION = WALKER + """
            exports.onExecutePreUserRegistration = async (event, api) => {
              const handed = [['event', event], ['api', api], ['require', require], ['module', module], ['exports', exports],
                ['Buffer', Buffer], ['Buffer.from()', Buffer.from('ab')], ['URL', URL], ['new URL()', new URL('https://a.test/x?y=1')],
                ['URLSearchParams', URLSearchParams], ['TextEncoder', TextEncoder], ['TextDecoder', TextDecoder],
                ['atob', atob], ['btoa', btoa], ['process', process], ['global', global], ['queueMicrotask', queueMicrotask],
                ['setTimeout', setTimeout], ['console', console], ['fetch', fetch], ['crypto', crypto],
                ['crypto.subtle', crypto.subtle], ['WebSocket', WebSocket], ...WEB()];
              for (const name of ['buffer', 'crypto', 'url', 'querystring', 'util', 'events', 'path', 'stream', 'string_decoder']) {
                handed.push(['require(' + name + ')', require(name)]);
              }
              const { Readable, PassThrough } = require('stream');
              const emitter = new (require('events'))(); emitter.on('x', () => {});
              handed.push(['new EventEmitter()', emitter], ['Readable.from()', Readable.from(['a'])], ['new PassThrough()', new PassThrough()],
                ['new StringDecoder()', new (require('string_decoder').StringDecoder)('utf8')]);
              handed.push(['createHash()', require('crypto').createHash('sha256')],
                ['createSecretKey()', require('crypto').createSecretKey('k')], ['createSign()', require('crypto').createSign('sha256')]);
              walkPrint(walkReport(handed, {exempt: [globalThis]}));
            };
            """;

    /** Tries to change everything a plain policy reaches, then allows. */
    static final String MODULE_VANDAL = WALKER + """
            export default (ctx, data) => {
              console.log('vandal changed ' + vandalize([['ctx', ctx], ['data', data], ['console', console], ['fetch', fetch]],
                {spareGlobal: data.withAction}));
              return {decision: 'ALLOW'};
            };
            """;

    /** Tries to change everything an Action reaches, then allows. */
    static final String ACTION_VANDAL = WALKER + """
            exports.onExecutePreUserRegistration = async (event, api) => {
              const handed = [['event', event], ['api', api], ['require', require], ['module', module], ['Buffer', Buffer],
                ['URL', URL], ['process', process], ['global', global], ['console', console], ['fetch', fetch]];
              for (const name of ['buffer', 'crypto', 'url', 'querystring', 'util', 'events', 'path', 'stream', 'string_decoder']) {
                handed.push([name, require(name)]);
              }
              console.log('vandal changed ' + vandalize(handed, {spareGlobal: true}));
            };
            """;

    /**
     * A helper (policies/lib/) with module state and exported objects: what a policy that imports
     * it is handed includes its namespace, so the walk marks everything the helper exports; a mark
     * seen by a later evaluation or policy would be helper state that outlived its owner.
     */
    static final HelperFiles HELPERS = new HelperFiles("policies", Map.of("policies/lib/shared.js", """
            let counter = 0;
            export const list = ['a'];
            export const table = new Map([['k', {v: 1}]]);
            export class Thing { constructor() { this.n = ++counter; } }
            export function bump() { return ++counter; }
            export default { list, table };
            """));

    /** What a plain policy is handed, with a helper's namespace and what its functions return. */
    static final String MODULE_WITH_HELPER = WALKER + """
            import * as shared from '../lib/shared.js';
            import fallback, { bump, Thing } from '../lib/shared.js';
            export default (ctx, data) => {
              bump();
              walkPrint(walkReport([['ctx', ctx], ['data', data], ['helper', shared], ['helper default', fallback],
                ['new Thing()', new Thing()]], {exempt: data.withAction ? [globalThis] : []}));
              return {decision: 'ALLOW'};
            };
            """;

    /** What an Action is handed through require() of the same helper. */
    static final String ACTION_WITH_HELPER = WALKER + """
            exports.onExecutePreUserRegistration = async (event, api) => {
              const shared = require('../lib/shared.js');
              walkPrint(walkReport([['event', event], ['helper', shared], ['new Thing()', new shared.Thing()]], {exempt: [globalThis]}));
            };
            """;

    /** Tries to change everything a helper hands out, then allows. */
    static final String HELPER_VANDAL = WALKER + """
            import * as shared from '../lib/shared.js';
            export default (ctx, data) => {
              console.log('vandal changed ' + vandalize([['ctx', ctx], ['data', data], ['helper', shared],
                ['default', shared.default]], {spareGlobal: data.withAction}));
              return {decision: 'ALLOW'};
            };
            """;

    static Stream<Arguments> helperChains() {
        return Stream.of(
                Arguments.of("module with helper", List.of(MODULE_WITH_HELPER)),
                Arguments.of("module with helper twice", List.of(MODULE_WITH_HELPER, MODULE_WITH_HELPER)),
                Arguments.of("helper vandal then walks", List.of(HELPER_VANDAL, MODULE_WITH_HELPER, ACTION_WITH_HELPER)),
                Arguments.of("action with helper then module", List.of(ACTION_WITH_HELPER, MODULE_WITH_HELPER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helperChains")
    void helpersShareNothingMutableEither(String name, List<String> sources) {
        nothingSharedIsMutableAndNoMarkOutlivesItsOwner(name, sources);
    }

    static Stream<Arguments> chains() {
        return Stream.of(
                Arguments.of("module", List.of(MODULE)),
                Arguments.of("action", List.of(ACTION)),
                Arguments.of("module then action", List.of(MODULE, ACTION)),
                Arguments.of("action then module", List.of(ACTION, MODULE)),
                Arguments.of("action then action", List.of(ACTION, ACTION)),
                Arguments.of("module vandal then walk", List.of(MODULE_VANDAL, MODULE)),
                Arguments.of("action vandal then walks", List.of(ACTION_VANDAL, ACTION, MODULE)),
                Arguments.of("module vandal then action walk", List.of(MODULE_VANDAL, ACTION)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void nothingSharedIsMutableAndNoMarkOutlivesItsOwner(String name, List<String> sources) {
        List<PolicySource> policies = Stream.iterate(0, i -> i + 1).limit(sources.size())
                .map(i -> new PolicySource("policies/pre-signup/" + (i + 1) * 10 + "-walk.js", sources.get(i))).toList();
        boolean withAction = sources.contains(ACTION) || sources.contains(ACTION_VANDAL) || sources.contains(ACTION_WITH_HELPER);
        var data = StrictJson.parse("{\"list\":[\"a\"],\"withAction\":" + withAction + "}").node().orElseThrow();
        try (PreparedChain chain = ENGINE.prepare(Trigger.PRE_SIGNUP, policies, data, PackageFiles.none(), HELPERS)) {
            assertTrue(chain.loaded(), () -> chain.loadErrors().toString());
            for (int evaluation = 0; evaluation < 3; evaluation++) {
                if (evaluation == 1) {
                    // the later evaluations get the payload from its shape's builder, not from JSON.parse
                    for (int i = 0; i < PayloadShapes.HOT; i++) {
                        chain.payloadShapes().hand(Payloads.of(Trigger.PRE_SIGNUP), "{}");
                    }
                }
                EvaluationResult result = ENGINE.evaluate(chain, Payloads.of(Trigger.PRE_SIGNUP));
                assertTrue(!result.failed(), () -> result.failure().get().located());
                for (PolicyTrace policy : result.trace()) {
                    if (policy.console().get(0).startsWith("vandal changed ")) {
                        // what it changed is its own evaluation's: the payload, the event, each module's exports
                        assertTrue(Integer.parseInt(policy.console().get(0).substring(15)) > 100, policy.console().get(0));
                        continue;
                    }
                    List<String> findings = policy.console().stream().filter(l -> !l.startsWith("walked ") && !l.startsWith("interlock: ")).toList();
                    String summary = policy.console().stream().filter(l -> l.startsWith("walked ")).findFirst().orElseThrow();
                    int at = evaluation;
                    assertEquals(List.of(), findings, () -> "evaluation " + at + ", " + policy.policy() + ": " + summary);
                    assertTrue(Integer.parseInt(summary.split(" ")[1].replace(",", "")) > 800,
                            () -> "the walk reached too little to mean anything: " + summary);
                }
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReachabilityWalkTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
