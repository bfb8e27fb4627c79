package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.fetch.Allowlist;
import io.interlock.fetch.FetchCall;
import io.interlock.fetch.FetchSettings;
import io.interlock.testing.Payloads;
import io.interlock.testing.Upstream;
import io.interlock.trigger.Trigger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fetch() against a real HTTP server on a loopback port. The names the policies call resolve
 * (through the injected resolver) to that server, so a call that succeeds was connected to the
 * address that was checked, under the name's Host header; no test depends on the machine's DNS.
 * Deadlines that must not be reached are a minute away; the one that must be is short, and the
 * slow upstream is held by a latch until the evaluation is over.
 */
class FetchTest {

    static Upstream upstream;
    static PolicyEngine engine;
    static String api;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
        api = "http://api.example.test:" + upstream.port();
        engine = PolicyEngine.create(settings(60_000, FetchSettings.defaults()
                .withAllow(Allowlist.parse("api.example.test:" + upstream.port() + ", *.example.test:" + upstream.port()))
                .withLimits(Duration.ofSeconds(60), 1024, 3)));
    }

    @AfterAll
    static void stop() {
        engine.close();
        upstream.close();
    }

    /** Every *.test name is the upstream on loopback. */
    static EngineSettings settings(long timeoutMs, FetchSettings fetch) {
        return EngineSettings.defaults().withLimits(Limits.of(timeoutMs, 1024))
                .withFetch(fetch.withResolver(FetchTest::resolve));
    }

    static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.endsWith(".test")) {
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
        }
        throw new UnknownHostException(host);
    }

    static EvaluationResult run(PolicyEngine on, String source) {
        return on.evaluate(Trigger.PRE_SESSION_CREATION, Payloads.of(Trigger.PRE_SESSION_CREATION),
                List.of(new PolicySource("policies/pre-session-creation/50-fetch.js", source)), null);
    }

    static String answer(EvaluationResult result) {
        return result.response().map(r -> r.toWire().toString())
                .orElseGet(() -> result.failure().orElseThrow().code().code() + ": " + result.failure().orElseThrow().located());
    }

    static List<FetchCall> calls(EvaluationResult result) {
        return result.trace().stream().flatMap(t -> t.fetches().stream()).toList();
    }

    @Test
    void aPolicySetsTheClaimItReadFromAnAllowedHost() {
        EvaluationResult result = run(engine, """
                export default async function (ctx) {
                  const id = encodeURIComponent(ctx.interceptor_context.user_id);
                  const response = await fetch(`%s/plan?user=${id}`, {headers: {accept: 'application/json'}});
                  const body = await response.json();
                  return {decision: 'ALLOW', response: {claims: {plan: body.plan, status: response.status}}};
                }
                """.formatted(api));
        assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"plan\":\"pro\",\"status\":200}}}", answer(result));
        Upstream.Seen seen = upstream.seen().stream().filter(s -> s.path().startsWith("/plan?user=")).findFirst().orElseThrow();
        assertEquals("api.example.test:" + upstream.port(), seen.host(), "the name's Host header, on the checked address");
        FetchCall call = calls(result).get(0);
        assertEquals(List.of("GET", "api.example.test:" + upstream.port(), 200, "api.example.test:" + upstream.port()),
                List.of(call.method(), call.host(), call.status(), call.allowedBy()));
    }

    /** Issue 24: FormData, Blob and typed-array bodies are sent as their bytes with the type they imply. */
    @Test
    void formDataBlobAndBytesBodiesAreSentAsTheyWouldBeFromNode() {
        EvaluationResult result = run(engine, """
                export default async function () {
                  const form = new FormData();
                  form.append('email', 'jo\u00eb@acme.test');
                  form.append('file', new Blob(['a,b\\n'], {type: 'text/csv'}), 'leads.csv');
                  const one = await (await fetch('%1$s/echo', {method: 'POST', body: form})).json();
                  const two = await (await fetch('%1$s/echo', {method: 'POST', body: new Uint8Array([104, 105])})).json();
                  const aborted = AbortSignal.abort();
                  const three = await fetch('%1$s/echo', {signal: aborted}).then(() => 'sent', (e) => e.name);
                  return {decision: 'DENY', error: {message: [one.body.includes('name="email"\\r\\n\\r\\njo\u00eb@acme.test'),
                    one.body.includes('filename="leads.csv"\\r\\nContent-Type: text/csv\\r\\n\\r\\na,b'), two.body, three].join()}};
                }
                """.formatted(api));
        assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"true,true,hi,AbortError\"}}", answer(result));
        Upstream.Seen form = upstream.seen().stream().filter(s -> s.path().equals("/echo") && s.body().contains("leads.csv"))
                .findFirst().orElseThrow();
        assertTrue(form.contentType().startsWith("multipart/form-data; boundary="), form.contentType());
        assertEquals(2, calls(result).size(), "the aborted call was never made");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                // url | options | code | message fragment
                Arguments.of("http://other.example.org/", "{}", "not_allowed",
                        "fetch GET other.example.org: other.example.org is not an allowed host (INTERLOCK_FETCH_ALLOW: api.example.test:"),
                Arguments.of("http://api.example.test/", "{}", "not_allowed", "api.example.test is not an allowed host"),
                Arguments.of("http://internal.example.test:PORT/plan", "{}", "private_address",
                        "internal.example.test:PORT resolves to 127.0.0.1, a loopback address; only a host listed exactly"),
                Arguments.of("API/redirect-outside", "{}", "not_allowed",
                        "redirected to evil.example.test, which is not an allowed host"),
                Arguments.of("API/redirect-loop", "{}", "redirect", "more than 5 redirects"),
                Arguments.of("API/redirect-inside", "{redirect: 'error'}", "redirect", "with redirect: 'error'"),
                Arguments.of("API/big", "{}", "too_large", "larger than 1024 bytes (INTERLOCK_FETCH_MAX_BYTES)"),
                Arguments.of("API/big-chunked", "{}", "too_large", "larger than 1024 bytes (INTERLOCK_FETCH_MAX_BYTES)"),
                Arguments.of("API/echo", "{method: 'POST', body: 'x'.repeat(1025)}", "bad_request",
                        "the request body is 1025 bytes, over the limit of 1024 (INTERLOCK_FETCH_MAX_BYTES)"),
                Arguments.of("API/echo", "{body: 'x'}", "bad_request", "a GET request cannot have a body"),
                Arguments.of("API/echo", "{headers: {connection: 'keep-alive'}}", "bad_request", "the header connection is set by Interlock"),
                Arguments.of("API/echo", "{headers: {'x-a': 'b\\r\\nx-injected: 1'}}", "bad_request", "contains a line break"),
                Arguments.of("API/echo", "{method: 'CONNECT'}", "bad_request",
                        "fetch ? api.example.test:PORT: the method must be one of GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS;"
                        + " the one given (7 characters) is none of them"),
                Arguments.of("API/echo", "{method: 'PROPFIND'}", "bad_request", "the one given (8 characters) is none of them"),
                Arguments.of("API/echo", "{method: 'G\u0395T'}", "bad_request", "the one given (3 characters) is none of them"),
                Arguments.of("API/echo", "{method: 'opt\u0131ons'}", "bad_request", "the one given (7 characters) is none of them"),
                Arguments.of("ftp://api.example.test/", "{method: 'sk_live_1'}", "bad_request",
                        "fetch ?: 'ftp://api.example.test/' is not an absolute http or https URL"),
                Arguments.of("ftp://api.example.test/", "{}", "bad_request", "is not an absolute http or https URL"),
                Arguments.of("http://user:pw@api.example.test/", "{}", "bad_request", "may not carry credentials"),
                Arguments.of("http://" + "a".repeat(250) + ".example.test/", "{}", "bad_request",
                        "fetch GET: the URL's host name is 263 characters long; no DNS name is longer than 253"),
                Arguments.of("http://nowhere.example.org:PORT/", "{}", "not_allowed", "nowhere.example.org:PORT is not an allowed host"),
                Arguments.of("http://[::1]:PORT/", "{}", "not_allowed", "[::1]:PORT is not an allowed host"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusals")
    void aRefusedCallFailsInThePolicyWithAMessageNamingWhy(String url, String options, String code, String fragment) {
        int before = upstream.seen().size();
        String target = url.replace("API", api).replace("PORT", Integer.toString(upstream.port()));
        EvaluationResult result = run(engine, """
                export default async function () {
                  try {
                    await fetch('%s', %s);
                    return {decision: 'ALLOW'};
                  } catch (e) {
                    return {decision: 'DENY', error: {message: e.name + ': ' + e.message}};
                  }
                }
                """.formatted(target, options));
        String message = result.response().orElseThrow().errorMessage().orElseThrow();
        String expected = fragment.replace("PORT", Integer.toString(upstream.port()));
        assertTrue(message.startsWith("TypeError: fetch ") && message.contains(expected), message);
        assertEquals(code, calls(result).get(0).error(), () -> calls(result).toString());
        if (code.equals("not_allowed") && !url.startsWith("API") || code.equals("private_address") || code.equals("bad_request")) {
            assertEquals(before, upstream.seen().size(), "nothing was sent");
        }
    }

    static Stream<Arguments> methods() {
        return Stream.of(
                // as written | as sent and recorded
                Arguments.of("get", "GET"), Arguments.of("Head", "HEAD"), Arguments.of("post", "POST"), Arguments.of("put", "PUT"),
                Arguments.of("delete", "DELETE"), Arguments.of("patch", "PATCH"), Arguments.of("OPTIONS", "OPTIONS"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void theStandardMethodsAreSentInCapitals(String written, String sent) {
        int before = upstream.seen().size();
        EvaluationResult result = run(engine, """
                export default async function () {
                  const response = await fetch('%s/echo', {method: '%s'});
                  return {decision: 'ALLOW', response: {claims: {status: response.status}}};
                }
                """.formatted(api, written));
        assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"status\":200}}}", answer(result));
        assertEquals(sent, upstream.seen().get(before).method());
        assertEquals(sent, calls(result).get(0).method());
    }

    @Test
    void anUncaughtRefusalFailsThePolicyAtTheLineThatCalled() {
        EvaluationResult result = run(PolicyEngine.create(settings(60_000, FetchSettings.defaults())), """
                export default async function () {
                  const response = await fetch('https://billing.example.com/v1/plan');
                  return {decision: 'ALLOW'};
                }
                """);
        Failure failure = result.failure().orElseThrow();
        assertEquals("policy_error", failure.code().code());
        assertEquals("TypeError: fetch GET billing.example.com: billing.example.com is not an allowed host"
                + " (INTERLOCK_FETCH_ALLOW is empty, so no host is)", failure.message());
        assertEquals(2, failure.line());
    }

    @Test
    void redirectsInsideTheListAreFollowedAndAPostBecomesAGetOn303() {
        EvaluationResult result = run(engine, """
                export default async function () {
                  const inside = await fetch('%1$s/redirect-inside');
                  const posted = await fetch('%1$s/redirect-post', {method: 'POST', body: '{"a":1}', headers: {'content-type': 'application/json'}});
                  const echo = await posted.json();
                  return {decision: 'ALLOW', response: {claims: {
                    plan: (await inside.json()).plan, redirected: inside.redirected, url: inside.url, method: echo.method}}};
                }
                """.formatted(api));
        assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"plan\":\"pro\",\"redirected\":true,\"url\":\""
                + api + "/plan\",\"method\":\"GET\"}}}", answer(result));
    }

    @Test
    void theResponseHasTheShapePolicyAuthorsKnow() {
        EvaluationResult result = run(engine, """
                export default async function () {
                  const posted = await fetch('%1$s/echo', {method: 'post', body: JSON.stringify({n: 1}),
                      headers: new Headers([['Content-Type', 'application/json'], ['Authorization', 'Bearer t']])});
                  const missing = await fetch('%1$s/missing');
                  const text = await missing.text();
                  let again;
                  try { await missing.text(); } catch (e) { again = e.message; }
                  return {decision: 'ALLOW', response: {claims: {
                    echo: await posted.json(), ok: missing.ok, status: missing.status, statusText: missing.statusText,
                    type: missing.headers.get('CONTENT-TYPE'), repeated: missing.headers.get('x-upstream'),
                    has: missing.headers.has('x-nothing'), text, again, used: missing.bodyUsed,
                    made: new Response('{"a":1}', {status: 201}).status}}};
                }
                """.formatted(api));
        assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"echo\":{\"method\":\"POST\",\"body\":\"{\\\"n\\\":1}\"},"
                + "\"ok\":false,\"status\":404,\"statusText\":\"Not Found\",\"type\":\"application/json\",\"repeated\":\"one, two\","
                + "\"has\":false,\"text\":\"{\\\"error\\\":\\\"no such user\\\"}\",\"again\":\"Response body is already used\","
                + "\"used\":true,\"made\":201}}}", answer(result));
        Upstream.Seen posted = upstream.seen().stream().filter(s -> s.method().equals("POST") && s.path().equals("/echo"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(List.of("application/json", "Bearer t"), List.of(posted.contentType(), posted.authorization()));
    }

    @Test
    void callsPastTheCapAreRefusedAndTheCountStartsAgainInTheNextEvaluation() {
        String policy = """
                export default async function () {
                  const outcomes = [];
                  for (let i = 0; i < 5; i++) {
                    try { outcomes.push((await fetch('%s/plan')).status); } catch (e) { outcomes.push(e.message); }
                  }
                  return {decision: 'DENY', error: {message: outcomes.join(' | ')}};
                }
                """.formatted(api);
        EngineSettings one = settings(60_000, engine.settings().fetch()).withContexts(new EngineSettings.Contexts(1, 1000, Long.MAX_VALUE));
        try (PolicyEngine single = PolicyEngine.create(one);
                PreparedChain chain = single.prepare(Trigger.PRE_SESSION_CREATION,
                        List.of(new PolicySource("cap.js", policy)), null)) {
            String refused = "fetch GET api.example.test:" + upstream.port() + ": at most 3 calls per evaluation (INTERLOCK_FETCH_MAX_CALLS)";
            for (int evaluation = 0; evaluation < 2; evaluation++) {
                EvaluationResult result = single.evaluate(chain, Payloads.of(Trigger.PRE_SESSION_CREATION));
                assertEquals("200 | 200 | 200 | " + refused + " | " + refused, result.response().orElseThrow().errorMessage().orElseThrow());
                assertEquals(List.of("2xx", "2xx", "2xx", "too_many_calls"), calls(result).stream().map(FetchCall::outcome).toList(),
                        "each evaluation records its own calls, the first refusal once");
            }
        }
    }

    @Test
    void aCallTheDeadlineCutsShortEndsTheEvaluationAsATimeoutEvenWhenThePolicyCatchesIt() throws Exception {
        String policy = """
                export default async function () {
                  try {
                    await fetch('%s/slow');
                  } catch (e) {
                    return {decision: 'ALLOW', response: {claims: {fallback: true}}};
                  }
                  return {decision: 'DENY'};
                }
                """;
        try (Upstream slow = new Upstream();
                PolicyEngine shortLimit = PolicyEngine.create(settings(300, FetchSettings.defaults()
                        .withAllow(Allowlist.parse("127.0.0.1:" + slow.port())).withLimits(Duration.ofSeconds(60), 1024, 3)));
                PreparedChain chain = shortLimit.prepare(Trigger.PRE_SESSION_CREATION,
                        List.of(new PolicySource("slow.js", policy.formatted(slow.base()))), null)) {
            Upstream.Hold held = slow.hold("/slow");
            // Prepared (and its context built) beforehand: only the evaluation is timed.
            long start = System.nanoTime();
            EvaluationResult result = shortLimit.evaluate(chain, Payloads.of(Trigger.PRE_SESSION_CREATION));
            long millis = (System.nanoTime() - start) / 1_000_000;
            // The upstream is still holding its answer: only the deadline can have ended the evaluation.
            assertTrue(held.arrived(0), "the call reached the upstream");
            assertEquals("policy_timeout", result.failure().orElseThrow().code().code(), answer(result));
            assertTrue(millis < 3_000, "answered at the deadline (300 ms, bound 10x): " + millis + " ms");
            assertEquals("deadline", calls(result).get(0).error(), calls(result).toString());
        }
    }

    @Test
    void aCallSlowerThanTheFetchTimeoutFailsInThePolicyWhichMayCarryOn() throws Exception {
        try (Upstream slow = new Upstream();
                PolicyEngine shortCalls = PolicyEngine.create(settings(60_000, FetchSettings.defaults()
                        .withAllow(Allowlist.parse("127.0.0.1:" + slow.port())).withLimits(Duration.ofMillis(100), 1024, 3)))) {
            slow.hold("/slow");
            EvaluationResult result = run(shortCalls, """
                    export default async function () {
                      try {
                        await fetch('%s/slow');
                        return {decision: 'DENY'};
                      } catch (e) {
                        return {decision: 'ALLOW', response: {claims: {fallback: e.message}}};
                      }
                    }
                    """.formatted(slow.base()));
            assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"fallback\":\"fetch GET 127.0.0.1:" + slow.port()
                    + ": no answer within 100 ms (INTERLOCK_FETCH_TIMEOUT_MS)\"}}}", answer(result));
            assertEquals("timeout", calls(result).get(0).error());
        }
    }

    @Test
    void loadingAndWarmingUpSendNothing() {
        int before = upstream.seen().size();
        String policy = """
                const early = fetch('%1$s/plan').then((r) => r.status, (e) => e.message);
                export default async function () {
                  const late = await fetch('%1$s/plan').then((r) => r.status, (e) => e.message);
                  return {decision: 'ALLOW', response: {claims: {early: await early, late}}};
                }
                """.formatted(api);
        try (PreparedChain chain = engine.prepare(Trigger.PRE_SESSION_CREATION, List.of(new PolicySource("warm.js", policy)), null)) {
            assertTrue(chain.loaded(), () -> chain.loadErrors().toString());
            engine.warmUp(chain, Payloads.of(Trigger.PRE_SESSION_CREATION), 3);
            assertEquals(before, upstream.seen().size(), "no request left while loading and warming up");
            EvaluationResult served = engine.evaluate(chain, Payloads.of(Trigger.PRE_SESSION_CREATION));
            assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"early\":200,\"late\":200}}}", answer(served));
            assertEquals(before + 2, upstream.seen().size());
        }
    }

    @Test
    void anAuth0ActionCallsOutWithFetchAsInNode() {
        EvaluationResult result = run(engine, """
                exports.onExecutePostLogin = async (event, api) => {
                  const response = await fetch(`%s/plan?user=${event.user.user_id}`);
                  const { plan } = await response.json();
                  api.accessToken.setCustomClaim('https://acmecorp.com/plan', plan);
                };
                """.formatted(api));
        assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"https://acmecorp.com/plan\":\"pro\"}}}", answer(result));
        assertEquals(1, calls(result).size());
    }
}
