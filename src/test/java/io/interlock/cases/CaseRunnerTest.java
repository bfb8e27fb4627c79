package io.interlock.cases;

import static io.interlock.cases.PolicyFolders.folder;
import static io.interlock.cases.PolicyFolders.testCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.engine.EngineSettings;
import io.interlock.engine.Limits;
import io.interlock.engine.PolicyEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runner on small folders: each row is a folder, the summary and exit status it must give,
 * and a fragment the printed report must contain (the line that tells the author what is wrong).
 */
class CaseRunnerTest {

    /** The rows are about the report, not time: a wide limit (which also bounds loading). */
    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(30_000, 256)));
    static final CaseRunner RUNNER = new CaseRunner(ENGINE);

    static final String ALLOW = "export default () => ({decision: 'ALLOW'})";
    static final String DENY_NO = "export default () => ({decision: 'DENY', error: {message: 'no'}})";
    static final String MEMBER = "export default () => ({decision: 'ALLOW', response: {create_organization_membership:"
            + " {organization_id: 'org_1', roles: ['member']}}})";
    static final String THROWS = "export default () => {\n  throw new TypeError('boom');\n}";
    static final String ACME_ONLY = "export default (ctx) => ctx.interceptor_context.user_email.endsWith('@acme.test')"
            + " ? {decision: 'ALLOW'} : {decision: 'DENY', error: {message: 'acme only'}}";
    static final String NO_REGION = "export default (ctx) => ({decision: 'region' in ctx.interceptor_context ? 'DENY' : 'ALLOW'})";
    static final String LOGS = "export default (ctx) => { console.log('hello from the policy'); return {decision: 'ALLOW'} }";
    static final String LOWER_CASE = "export default () => ({decision: 'allow'})";

    static final String SESSION = "{\"trigger_point\": \"PRE_SESSION_CREATION\", \"interceptor_context\": {\"user_email\": \"a@b.test\"}}";
    static final String POLICY = "pre-signup/10-a.js";
    static final String CASES = "pre-signup/10-a.cases.json";
    static final String P = "payloads/signup.json";

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // what | folder | exit status | summary | fragment of the report
                row("a passing case", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("allowed", P, "{\"decision\": \"ALLOW\"}")),
                        0, "1 passed, 0 failed", "PASS  pre-signup/10-a.cases.json › allowed"),
                row("another decision", folder().with(POLICY, DENY_NO)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"ALLOW\"}")),
                        1, "0 passed, 1 failed", "mismatch  decision: expected ALLOW, got DENY"),
                row("another error message", folder().with(POLICY, DENY_NO)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"DENY\", \"error\": {\"message\": \"yes\"}}")),
                        1, "0 passed, 1 failed", "error.message: expected \"yes\", got \"no\""),
                row("an error message where none is expected", folder().with(POLICY, DENY_NO)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"DENY\", \"error\": null}")),
                        1, "0 passed, 1 failed", "error.message: expected none, got \"no\""),
                row("the error message as a plain string", folder().with(POLICY, DENY_NO)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"DENY\", \"error\": \"no\"}")),
                        0, "1 passed, 0 failed", "PASS"),
                row("another response", folder().with(POLICY, MEMBER)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"ALLOW\", \"response\": {\"create_organization_membership\":"
                                + " {\"organization_id\": \"org_1\", \"roles\": [\"admin\"]}}}")),
                        1, "0 passed, 1 failed",
                        "response.create_organization_membership.roles[0]: expected \"admin\", got \"member\""),
                row("a response where none is expected", folder().with(POLICY, MEMBER)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"ALLOW\", \"response\": null}")),
                        1, "0 passed, 1 failed", "response: expected none, got {\"create_organization_membership\""),
                row("no response where one is expected", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"ALLOW\", \"response\": {\"create_organization_membership\":"
                                + " {\"organization_id\": \"org_1\", \"roles\": [\"member\"]}}}")),
                        1, "0 passed, 1 failed", "got none"),
                row("numbers compare by value", folder().with("payloads/session.json", SESSION)
                        .with("pre-session-creation/10-n.js",
                                "export default () => ({decision: 'ALLOW', response: {claims: {n: 1, m: 2.5}}})")
                        .cases("pre-session-creation/10-n.cases.json", testCase("c", "payloads/session.json",
                                "{\"decision\": \"ALLOW\", \"response\": {\"claims\": {\"m\": 2.50, \"n\": 1.0}}}")),
                        0, "1 passed, 0 failed", "PASS"),
                row("a policy that throws fails a case expecting DENY", folder().with(POLICY, THROWS)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"DENY\"}")),
                        1, "0 passed, 1 failed", "failure   policy_error: " ),
                row("the failure points at the line", folder().with(POLICY, THROWS)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"DENY\"}")),
                        1, "0 passed, 1 failed", "pre-signup/10-a.js:2:"),
                row("an expected failure passes", folder().with(POLICY, THROWS)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"DENY\", \"failure\": \"policy_error\"}")),
                        0, "1 passed, 0 failed", "PASS"),
                row("an expected failure that doesn't happen", folder().with(POLICY, DENY_NO)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"DENY\", \"failure\": \"policy_error\"}")),
                        1, "0 passed, 1 failed", "failure: expected policy_error, but the policy decided"),
                row("another failure", folder().with(POLICY, LOWER_CASE)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"DENY\", \"failure\": \"policy_error\"}")),
                        1, "0 passed, 1 failed", "failure: expected policy_error, got invalid_decision"),
                row("the console output of a failing case", folder().with(POLICY, LOGS)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"DENY\"}")),
                        1, "0 passed, 1 failed", "console   " + "%ROOT%/pre-signup/10-a.js: hello from the policy"),
                row("cases.json runs the whole chain", folder().with(POLICY, ALLOW).with("pre-signup/20-b.js", MEMBER)
                        .cases("pre-signup/cases.json", testCase("c", P, "{\"decision\": \"ALLOW\", \"response\":"
                                + " {\"create_organization_membership\": {\"organization_id\": \"org_1\", \"roles\": [\"member\"]}}}")),
                        0, "1 passed, 0 failed", "PASS  pre-signup/cases.json › c"),
                // issue 26 item 3: cases beside a shadow chain (<trigger>/shadow/) test it, not the live chain
                row("shadow/cases.json runs the shadow chain", folder().with(POLICY, ALLOW).with("pre-signup/shadow/10-s.js", DENY_NO)
                        .cases("pre-signup/shadow/cases.json", testCase("c", P, "{\"decision\": \"DENY\", \"error\": \"no\"}")),
                        0, "1 passed, 0 failed", "PASS  pre-signup/shadow/cases.json › c"),
                row("a shadow policy's cases run it alone", folder().with(POLICY, DENY_NO).with("pre-signup/shadow/10-s.js", MEMBER)
                        .cases("pre-signup/shadow/10-s.cases.json", testCase("c", P, "{\"decision\": \"ALLOW\", \"response\":"
                                + " {\"create_organization_membership\": {\"organization_id\": \"org_1\", \"roles\": [\"member\"]}}}")),
                        0, "1 passed, 0 failed", "PASS  pre-signup/shadow/10-s.cases.json › c"),
                row("the shadow chain is the live chain with the shadow's files moved in", folder().with(POLICY, DENY_NO)
                        .with("pre-signup/shadow/20-s.js", ALLOW)
                        .cases("pre-signup/shadow/cases.json", testCase("c", P, "{\"decision\": \"DENY\", \"error\": \"no\"}")),
                        0, "1 passed, 0 failed", "PASS  pre-signup/shadow/cases.json › c"),
                row("a shadow file replaces the live file of its name", folder().with(POLICY, DENY_NO)
                        .with("pre-signup/shadow/10-a.js", ALLOW)
                        .cases("pre-signup/shadow/cases.json", testCase("c", P, "{\"decision\": \"ALLOW\"}")),
                        0, "1 passed, 0 failed", "PASS  pre-signup/shadow/cases.json › c"),
                row("a shadow case that fails fails the run", folder().with(POLICY, ALLOW).with("pre-signup/shadow/10-s.js", DENY_NO)
                        .cases("pre-signup/shadow/cases.json", testCase("c", P, "{\"decision\": \"ALLOW\"}")),
                        1, "0 passed, 1 failed", "mismatch  decision: expected ALLOW, got DENY"),
                row("a broken shadow policy is a load error but the live chain's cases still run", folder().with(POLICY, ALLOW)
                        .with("pre-signup/shadow/10-s.js", "export default () => ({decision: ")
                        .cases("pre-signup/cases.json", testCase("c", P, "{\"decision\": \"ALLOW\"}"))
                        .cases("pre-signup/shadow/cases.json", testCase("s", P, "{\"decision\": \"DENY\"}")),
                        2, "1 passed, 0 failed, 1 load error, 1 not run", "PASS  pre-signup/cases.json › c"),
                row("a policy's cases run it alone", folder().with(POLICY, ALLOW).with("pre-signup/20-b.js", THROWS)
                        .cases(CASES, testCase("c", P, "{\"decision\": \"ALLOW\", \"response\": null}")),
                        0, "1 passed, 0 failed", "PASS"),
                row("a patch merges into the payload", folder().with(POLICY, ACME_ONLY)
                        .cases(CASES, "{\"name\": \"c\", \"payload\": \"" + P + "\", \"patch\": {\"interceptor_context\":"
                                + " {\"user_email\": \"eve@evil.test\"}}, \"expect\": {\"decision\": \"DENY\", \"error\": \"acme only\"}}"),
                        0, "1 passed, 0 failed", "PASS"),
                row("null in a patch deletes", folder().with(POLICY, NO_REGION)
                        .cases(CASES, "{\"name\": \"c\", \"payload\": {\"trigger_point\": \"PRE_SIGNUP\", \"interceptor_context\":"
                                + " {\"user_email\": \"a@b\", \"region\": \"IN\"}}, \"patch\": {\"interceptor_context\": {\"region\": null}},"
                                + " \"expect\": {\"decision\": \"ALLOW\"}}"),
                        0, "1 passed, 0 failed", "PASS"),
                // load errors
                row("a syntax error", folder().with(POLICY, "export default () => {\n  const = 1;\n}")
                        .cases(CASES, testCase("c", P, "{\"decision\": \"ALLOW\"}")),
                        2, "0 passed, 0 failed, 1 load error, 1 not run", "ERROR %ROOT%/pre-signup/10-a.js:2:"),
                row("a module without a default export", folder().with(POLICY, "export const x = 1;")
                        .cases(CASES, testCase("c", P, "{\"decision\": \"ALLOW\"}")),
                        2, "0 passed, 0 failed, 1 load error, 1 not run", "no default export"),
                row("a broken policy stops the chain's cases, not the others'", folder().with(POLICY, ALLOW)
                        .with("pre-signup/20-b.js", "export default (")
                        .cases(CASES, testCase("c", P, "{\"decision\": \"ALLOW\"}"))
                        .cases("pre-signup/cases.json", testCase("c", P, "{\"decision\": \"ALLOW\"}")),
                        2, "1 passed, 0 failed, 1 load error, 1 not run", "SKIP  pre-signup/cases.json: 1 case not run, the chain did not load"),
                row("a data file that is not JSON", folder().with(POLICY, ALLOW).with("data/list.json", "[\"a\",\n  ]")
                        .cases(CASES, testCase("c", P, "{\"decision\": \"ALLOW\"}")),
                        2, "0 passed, 0 failed, 1 load error, 1 not run", "ERROR %ROOT%/data/list.json:2:"),
                row("cases for a policy that doesn't exist", folder().with(POLICY, ALLOW)
                        .cases("pre-signup/20-gone.cases.json", testCase("c", P, "{\"decision\": \"ALLOW\"}")),
                        2, "0 passed, 0 failed, 1 load error, 1 not run", "20-gone.cases.json: no policy 20-gone.js beside it"),
                row("chain cases without policies", folder()
                        .cases("pre-signup/cases.json", testCase("c", P, "{\"decision\": \"ALLOW\"}")),
                        2, "0 passed, 0 failed, 1 load error, 1 not run", "no policies in"),
                // malformed cases files
                row("a cases file that is not JSON", folder().with(POLICY, ALLOW).with(CASES, "{\"cases\": [\n  {\"name\": \"x\",,}\n]}"),
                        2, "0 passed, 0 failed, 1 load error", "ERROR %ROOT%/pre-signup/10-a.cases.json:2:"),
                row("a cases file that is not an object", folder().with(POLICY, ALLOW).with(CASES, "[]"),
                        2, "0 passed, 0 failed, 1 load error", "10-a.cases.json: must be an object {\"cases\": [ ... ]}"),
                row("an unknown field, at the case's line; the other cases still run", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("good", P, "{\"decision\": \"ALLOW\"}"),
                                "{\"name\": \"x\", \"payload\": \"" + P + "\", \"expcet\": {\"decision\": \"ALLOW\"}}"),
                        2, "1 passed, 0 failed, 1 load error",
                        "10-a.cases.json:2:1: cases[1] \"x\": expcet: unknown field (expected name, payload, patch, expect, secrets, fetch)"),
                row("an unknown field in expect", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("x", P, "{\"decision\": \"ALLOW\", \"claims\": {}}")),
                        2, "0 passed, 0 failed, 1 load error", "expect.claims: unknown field"),
                row("no payload", folder().with(POLICY, ALLOW)
                        .cases(CASES, "{\"name\": \"x\", \"expect\": {\"decision\": \"ALLOW\"}}"),
                        2, "0 passed, 0 failed, 1 load error", "cases[0] \"x\": payload: required"),
                row("a payload file that doesn't exist", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("x", "payloads/nope.json", "{\"decision\": \"ALLOW\"}")),
                        2, "0 passed, 0 failed, 1 load error", "payload: file payloads/nope.json not found"),
                row("a payload file outside the folder", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("x", "../secret.json", "{\"decision\": \"ALLOW\"}")),
                        2, "0 passed, 0 failed, 1 load error", "must be a path inside the policies folder"),
                row("a payload of another trigger", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("x", SESSION, "{\"decision\": \"ALLOW\"}")),
                        2, "0 passed, 0 failed, 1 load error", "payload.trigger_point: PRE_SESSION_CREATION in the folder of PRE_SIGNUP"),
                row("a payload the service would refuse", folder().with(POLICY, ALLOW)
                        .cases(CASES, "{\"name\": \"x\", \"payload\": \"" + P + "\", \"patch\": {\"interceptor_context\":"
                                + " {\"user_email\": 5}}, \"expect\": {\"decision\": \"ALLOW\"}}"),
                        2, "0 passed, 0 failed, 1 load error", "payload.interceptor_context.user_email: must be a string"),
                row("a decision in lower case", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("x", P, "{\"decision\": \"allow\"}")),
                        2, "0 passed, 0 failed, 1 load error", "expect.decision: must be \"ALLOW\" or \"DENY\""),
                row("no decision", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("x", P, "{\"error\": \"no\"}")),
                        2, "0 passed, 0 failed, 1 load error", "expect.decision: required"),
                row("an error message with ALLOW", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("x", P, "{\"decision\": \"ALLOW\", \"error\": \"no\"}")),
                        2, "0 passed, 0 failed, 1 load error", "expect.error: only a DENY carries an error message"),
                row("a response with DENY", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("x", P, "{\"decision\": \"DENY\", \"response\": {}}")),
                        2, "0 passed, 0 failed, 1 load error", "expect.response: only an ALLOW carries a response"),
                row("an unknown failure code", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("x", P, "{\"decision\": \"DENY\", \"failure\": \"crash\"}")),
                        2, "0 passed, 0 failed, 1 load error", "expect.failure: must be one of policy_timeout, policy_memory, policy_error"),
                row("two cases with one name", folder().with(POLICY, ALLOW)
                        .cases(CASES, testCase("x", P, "{\"decision\": \"ALLOW\"}"), testCase("x", P, "{\"decision\": \"ALLOW\"}")),
                        2, "1 passed, 0 failed, 1 load error", "name: another case in this file has the same name"),
                row("no cases at all", folder(), 1, "0 passed, 0 failed", "no cases found"),
                // declared fetch answers
                row("a declared answer answers the call", folder().with(POLICY, FETCHES)
                        .cases(CASES, withFetch("c", "[{\"url\": \"https://API.test/plan?u=1\", \"json\": {\"plan\": \"pro\"}}]",
                                "{\"decision\": \"DENY\", \"error\": \"200 pro\"}")),
                        0, "1 passed, 0 failed", "PASS"),
                row("a declared error rejects the call", folder().with(POLICY, FETCHES)
                        .cases(CASES, withFetch("c", "[{\"url\": \"https://api.test/plan?u=1\", \"error\": \"down\"}]",
                                "{\"decision\": \"DENY\", \"error\": \"fetch GET api.test: down\"}")),
                        0, "1 passed, 0 failed", "PASS"),
                row("a case's own answer wins over the file's", folder().with(POLICY, FETCHES)
                        .with(CASES, "{\"fetch\": [{\"url\": \"https://api.test/plan?u=1\", \"status\": 404, \"json\": {\"plan\": \"none\"}}], \"cases\": ["
                                + testCase("file", P, "{\"decision\": \"DENY\", \"error\": \"404 none\"}") + ", "
                                + withFetch("own", "[{\"url\": \"https://api.test/plan?u=1\", \"json\": {\"plan\": \"pro\"}}]",
                                        "{\"decision\": \"DENY\", \"error\": \"200 pro\"}") + "]}"),
                        0, "2 passed, 0 failed", "PASS"),
                row("a call no answer is declared for fails the case, naming it", folder().with(POLICY, FETCHES)
                        .cases(CASES, withFetch("c", "[{\"url\": \"https://api.test/plan?u=2\", \"json\": {}}]",
                                "{\"decision\": \"DENY\"}")),
                        1, "0 passed, 1 failed", "mismatch  unexpected fetch GET https://api.test/plan?u=1: no answer is declared"
                                + " for this call (add it to the case's \"fetch\" list)"),
                row("a declared answer that cannot be", folder().with(POLICY, FETCHES)
                        .cases(CASES, withFetch("c", "[{\"url\": \"ftp://api.test/\", \"status\": 99, \"jsn\": {}}]",
                                "{\"decision\": \"DENY\"}")),
                        2, "0 passed, 0 failed, 1 load error", "fetch[0].jsn: unknown field (expected url, method, status, statusText,"
                                + " headers, json, body, error); fetch[0].url: 'ftp://api.test/' is not an absolute http or https URL;"
                                + " fetch[0].status: must be an HTTP status from 200 to 599"));
    }

    /** Calls https://api.test/plan?u=1 and denies with what it got, so the message shows the answer. */
    static final String FETCHES = """
            export default async () => {
              try {
                const r = await fetch('https://api.test/plan?u=1');
                return {decision: 'DENY', error: {message: r.status + ' ' + (await r.json()).plan}};
              } catch (e) {
                return {decision: 'DENY', error: {message: e.message}};
              }
            }""";

    static String withFetch(String name, String fetch, String expect) {
        return "{\"name\": \"" + name + "\", \"payload\": \"" + P + "\", \"fetch\": " + fetch + ", \"expect\": " + expect + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void reports(String what, PolicyFolders folder, int exit, String summary, String fragment, @TempDir Path tmp) {
        Path root = folder.writeTo(tmp.resolve("policies"));
        Report report = RUNNER.run(root);
        String printed = print(report);
        String expected = fragment.replace("%ROOT%", root.toString());
        assertTrue(printed.contains(expected), () -> "expected\n  " + expected + "\nin\n" + printed);
        assertEquals(summary, report.summary(), printed);
        assertEquals(exit, report.exitCode(), printed);
    }

    /**
     * A policy busy for a quarter second or more (a million loop turns in the interpreter) under
     * a 1 ms limit: the watchdog cancels the first run whatever the machine's load, and the
     * retry's 10 s lets it decide. (Waiting on Date.now() instead would hit the memory budget:
     * the interpreter allocates on every call.)
     */
    @Test
    void aTimeoutIsTriedAgainWithMoreTime(@TempDir Path tmp) {
        String busy = "export default () => { let s = 0; for (let i = 0; i < 1e6; i++) { s = (s + i) % 7; }"
                + " return {decision: s >= 0 ? 'ALLOW' : 'DENY'} }";
        Path root = folder().with(POLICY, busy)
                .cases(CASES, testCase("c", P, "{\"decision\": \"ALLOW\"}")).writeTo(tmp);
        try (PolicyEngine impatient = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(1, 1024)))) {
            Report report = new CaseRunner(impatient).run(root);
            String printed = print(report);
            assertEquals("1 passed, 0 failed", report.summary(), printed);
            assertTrue(report.results().get(0).retried(), printed);
            assertTrue(printed.contains("PASS  pre-signup/10-a.cases.json › c  (slow: ran again after exceeding the time limit)"),
                    printed);
        }
    }

    /** Expected, a timeout passes at once; like PolicyEngineTest, a big budget keeps memory out of it. */
    @Test
    void anExpectedTimeoutIsNotRetried(@TempDir Path tmp) {
        Path root = folder().with(POLICY, "export default () => { for (;;) {} }")
                .cases(CASES, testCase("c", P, "{\"decision\": \"DENY\", \"failure\": \"policy_timeout\"}")).writeTo(tmp);
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(200, 1024)))) {
            Report report = new CaseRunner(engine).run(root);
            assertEquals("1 passed, 0 failed", report.summary(), print(report));
            assertTrue(!report.results().get(0).retried(), print(report));
        }
    }

    static String print(Report report) {
        StringWriter out = new StringWriter();
        ReportPrinter.print(report, new PrintWriter(out));
        return out.toString();
    }

    static Arguments row(String what, PolicyFolders folder, int exit, String summary, String fragment) {
        return Arguments.of(what, folder, exit, summary, fragment);
    }
}
