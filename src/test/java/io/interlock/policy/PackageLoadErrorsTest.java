package io.interlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.cases.CaseRunner;
import io.interlock.cases.Report;
import io.interlock.engine.EngineSettings;
import io.interlock.engine.Limits;
import io.interlock.engine.PolicyEngine;
import io.interlock.trigger.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 item 6: a package that cannot be loaded is a load error of the policy that requires it,
 * naming the package and the bound. That trigger keeps its last good chain, the others load, and
 * the test command skips that policy's cases for the same reason.
 */
class PackageLoadErrorsTest {

    static final String ACTION = "exports.onExecutePreUserRegistration = async (event, api) => {};\n";
    static final String LOGIN = "const shout = require('shout');\nexports.onExecutePostLogin = async (event, api) => {"
            + " api.idToken.setCustomClaim('https://acme.test/x', shout('a')); };\n";

    @TempDir
    Path root;

    private void write(String path, String text) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aPackageOverABoundIsALoadErrorOfItsPolicyAndOfNoOtherTrigger() throws Exception {
        write("node_modules/shout/index.js", "module.exports = (s) => s.toUpperCase();");
        write("node_modules/huge/index.js", "module.exports = '" + "x".repeat(NodePackages.MAX_FILE_BYTES + 1) + "';");
        write("pre-signup/30-huge.js", ACTION);
        write("pre-session-creation/30-shout.js", LOGIN);
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(20_000, 512)))) {
            PolicyRepository repository = new PolicyRepository(engine, new PolicyFolder(root), Clock.systemUTC());
            repository.reload();
            assertEquals(List.of(), repository.problems());
            var lastGood = repository.chain(Trigger.PRE_SIGNUP).orElseThrow();

            write("pre-signup/30-huge.js", "const huge = require('huge');\n" + ACTION);
            repository.reload();
            String expected = root.resolve("pre-signup/30-huge.js") + ": requires 'huge', which cannot be loaded: a file is larger"
                    + " than 4 MiB (node_modules/huge/index.js)";
            assertEquals(List.of(expected), repository.problems().stream().map(LoadProblem::located).toList());
            assertEquals(List.of(expected), repository.state(Trigger.PRE_SIGNUP).problems().stream().map(LoadProblem::located).toList());
            assertTrue(repository.chain(Trigger.PRE_SIGNUP).orElseThrow() == lastGood, "pre-signup keeps its last good chain");
            assertEquals(List.of(), repository.state(Trigger.PRE_SESSION_CREATION).problems());
            assertTrue(repository.chain(Trigger.PRE_SESSION_CREATION).isPresent());

            write("pre-signup/30-huge.cases.json", "{\"cases\": [{\"name\": \"n\", \"payload\": \"p.json\", \"expect\": {\"decision\": \"ALLOW\"}}]}");
            Report report = new CaseRunner(engine).run(root);
            assertTrue(report.loadErrors().stream().map(LoadProblem::located).toList().contains(expected), report.loadErrors()::toString);
            assertEquals(0, report.results().size(), "the policy's cases do not run");
        }
    }
}
