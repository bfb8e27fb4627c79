package io.interlock.cases;

import static io.interlock.cases.PolicyFolders.folder;
import static io.interlock.cases.PolicyFolders.testCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.Cli;
import io.interlock.testing.MainProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code interlock test}, run in-process as {@code main} runs it: its output and exit status. */
class TestCommandTest {

    /** What a command printed and returned. */
    record Run(int exit, List<String> out, String err) {
        String last() {
            return out.get(out.size() - 1);
        }
    }

    /**
     * Runs the command with the service's 500 ms limit, which a busy machine can make a case miss;
     * the command then runs it again with more time and notes that on its line. That note is
     * CaseRunnerTest's subject and is taken off here, so the lines compare on any machine.
     */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString().lines().map(l -> l.replace(ReportPrinter.RETRIED, "")).toList(), err.toString());
    }

    @Test
    void aPassingAndAFailingCase(@TempDir Path tmp) {
        Path root = folder()
                .with("pre-signup/10-a.js", "export default (ctx) => { console.log('saw', ctx.interceptor_context.user_email);"
                        + " return {decision: 'DENY', error: {message: 'no'}} }")
                .cases("pre-signup/10-a.cases.json",
                        testCase("refuses", "payloads/signup.json", "{\"decision\": \"DENY\", \"error\": {\"message\": \"no\"}}"),
                        testCase("lets ann in", "payloads/signup.json", "{\"decision\": \"ALLOW\"}"))
                .writeTo(tmp.resolve("policies"));

        Run run = run("test", root.toString());

        assertEquals(1, run.exit(), String.join("\n", run.out()));
        assertEquals(List.of(
                "PASS  pre-signup/10-a.cases.json › refuses",
                "FAIL  pre-signup/10-a.cases.json › lets ann in",
                "      expected  {\"decision\":\"ALLOW\"}",
                "      actual    {\"decision\":\"DENY\",\"error\":{\"message\":\"no\"}}",
                "      mismatch  decision: expected ALLOW, got DENY",
                "      console   " + root + "/pre-signup/10-a.js: saw ann@acme.test"),
                run.out().subList(0, 6));
        assertTrue(run.out().get(6).matches("2 cases in \\d+\\.\\d s"), run.out().get(6));
        assertEquals("1 passed, 1 failed", run.last());
        assertEquals(8, run.out().size(), String.join("\n", run.out()));
    }

    @Test
    void actionSecretsComeFromTheCasesFileAndWhatThePlatformCannotSupplyIsNoted(@TempDir Path tmp) {
        Path root = folder()
                .with("pre-signup/30-auth0.js", "exports.onExecutePreUserRegistration = async (event, api) => {\n"
                        + "  if (event.user.email.endsWith(event.secrets.BLOCKED_DOMAIN)) api.access.deny('blocked');\n"
                        + "  if (event.request.geoip.timeZone === 'Asia/Kolkata') api.access.deny('zone');\n};")
                .with("pre-signup/30-auth0.cases.json", "{\"secrets\": {\"BLOCKED_DOMAIN\": \"@acme.test\"}, \"cases\": ["
                        + "{\"name\": \"the file's secret\", \"payload\": \"payloads/signup.json\","
                        + " \"expect\": {\"decision\": \"DENY\", \"error\": \"blocked\"}},"
                        + "{\"name\": \"a case's own secret\", \"payload\": \"payloads/signup.json\","
                        + " \"secrets\": {\"BLOCKED_DOMAIN\": \"@other.test\"}, \"expect\": {\"decision\": \"ALLOW\"}}]}")
                .writeTo(tmp.resolve("policies"));

        Run run = run("test", root.toString());

        assertEquals(0, run.exit(), String.join("\n", run.out()));
        assertTrue(run.out().contains("NOTE  " + root + "/pre-signup/30-auth0.js: interlock: event.request.geoip.timeZone is not"
                + " in this request's payload"), String.join("\n", run.out()));
        assertEquals("2 passed, 0 failed", run.last());
    }

    @Test
    void badSecretsInACasesFileAreNamed(@TempDir Path tmp) {
        Path root = folder()
                .with("pre-signup/10-a.js", "export default () => ({decision: 'ALLOW'})")
                .with("pre-signup/10-a.cases.json", "{\"secrets\": {\"KEY\": 1}, \"cases\": [{\"name\": \"x\","
                        + " \"payload\": \"payloads/signup.json\", \"secrets\": [], \"expect\": {\"decision\": \"ALLOW\"}}]}")
                .writeTo(tmp.resolve("policies"));

        Run run = run("test", root.toString());

        assertEquals(2, run.exit(), String.join("\n", run.out()));
        String out = String.join("\n", run.out());
        assertTrue(out.contains("secrets.KEY: must be a string"), out);
        assertTrue(out.contains("secrets: must be an object of secret names to string values"), out);
    }

    @Test
    void aPolicyNoCaseReachesIsNoted(@TempDir Path tmp) {
        Path root = folder()
                .with("pre-signup/10-a.js", "export default () => ({decision: 'ALLOW'})")
                .with("pre-signup/20-b.js", "export default () => ({decision: 'ALLOW'})")
                .cases("pre-signup/10-a.cases.json", testCase("lets in", "payloads/signup.json", "{\"decision\": \"ALLOW\"}"))
                .writeTo(tmp.resolve("policies"));

        Run run = run("test", root.toString());

        assertEquals(0, run.exit(), String.join("\n", run.out()));
        assertTrue(run.out().contains("NOTE  pre-signup/20-b.js: no cases test it (add pre-signup/20-b.cases.json or a cases.json for the chain)"),
                String.join("\n", run.out()));
        assertTrue(run.out().stream().noneMatch(l -> l.startsWith("NOTE  pre-signup/10-a.js")));
    }

    @Test
    void allPassing(@TempDir Path tmp) {
        Path root = folder().with("pre-signup/10-a.js", "export default () => ({decision: 'ALLOW'})")
                .cases("pre-signup/10-a.cases.json", testCase("allows", "payloads/signup.json", "{\"decision\": \"ALLOW\"}"))
                .writeTo(tmp.resolve("policies"));

        Run run = run("test", root.toString());

        assertEquals(0, run.exit());
        assertEquals("PASS  pre-signup/10-a.cases.json › allows", run.out().get(0));
        assertEquals("1 passed, 0 failed", run.last());
    }

    @Test
    void aPolicyThatDoesNotLoad(@TempDir Path tmp) {
        Path root = folder().with("pre-signup/10-a.js", "export default function () {\n  return {decision: 'ALLOW'\n}")
                .cases("pre-signup/10-a.cases.json", testCase("allows", "payloads/signup.json", "{\"decision\": \"ALLOW\"}"))
                .writeTo(tmp.resolve("policies"));

        Run run = run("test", root.toString());

        assertEquals(2, run.exit());
        assertTrue(run.out().stream().anyMatch(l -> l.startsWith("ERROR " + root + "/pre-signup/10-a.js:3:")),
                String.join("\n", run.out()));
        assertTrue(run.out().contains("SKIP  pre-signup/10-a.cases.json: 1 case not run, the policy did not load"));
        assertEquals("0 passed, 0 failed, 1 load error, 1 not run", run.last());
    }

    @Test
    void aFolderThatDoesNotExist(@TempDir Path tmp) {
        Run run = run("test", tmp.resolve("nowhere").toString());

        assertEquals(2, run.exit());
        assertEquals(List.of(), run.out());
        assertTrue(run.err().startsWith("interlock test: " + tmp.resolve("nowhere") + ": no such folder"), run.err());
        assertTrue(run.err().lines().count() == 1, run.err());
    }

    /**
     * A run over the wrong folder, or over policies without cases, fails saying so, in the real
     * entry point's own process: its whole output is one line, none of the engine's internals.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "policies/pre-signup | 2 | interlock test: DIR/policies/pre-signup is a trigger folder, not a policies folder: give the folder that holds it (DIR/policies)",
            "empty               | 2 | interlock test: DIR/empty is not a policies folder: it holds none of pre-signup/, pre-session-creation/, pre-user-invitation/, pre-m2m-token-creation/",
            "uncased             | 1 | interlock test: no cases in DIR/uncased: add <policy>.cases.json or cases.json beside the policies (see policies/README.md); a run that tests nothing does not pass",
    })
    void aFolderWithNothingToTestFailsSayingSo(String given, int exit, String line, @TempDir Path tmp) {
        folder().with("pre-signup/10-a.js", "export default () => ({decision: 'ALLOW'})")
                .cases("pre-signup/10-a.cases.json", testCase("lets ann in", "payloads/signup.json", "{\"decision\": \"ALLOW\"}"))
                .writeTo(tmp.resolve("policies"));
        folder().writeTo(tmp.resolve("empty"));
        folder().with("pre-signup/10-a.js", "export default () => ({decision: 'ALLOW'})").writeTo(tmp.resolve("uncased"));

        try (MainProcess command = MainProcess.main(tmp, Map.of(), "test", tmp.resolve(given).toString())) {
            assertEquals(Optional.of(exit), command.exit(), command.out() + command.err());
            assertEquals(line.replace("DIR", tmp.toString()) + "\n", command.err());
            assertEquals("", command.out());
        }
    }

    @Test
    void badUsage() {
        Run run = run("test", "--no-such-option");

        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Unknown option: '--no-such-option'"), run.err());
    }

    @Test
    void help() {
        Run run = run("test", "--help");

        assertEquals(0, run.exit());
        assertTrue(run.out().get(0).startsWith("Usage: interlock test [-h] [FOLDER]"), run.out().get(0));
        assertTrue(String.join("\n", run.out()).contains("Exit status: 0 all cases passed; 1 a case failed, or there was no case to run;"));
    }
}
