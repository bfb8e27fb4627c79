package io.interlock.cases;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.engine.EngineSettings;
import io.interlock.engine.Limits;
import io.interlock.engine.PolicyEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every case shipped in the repository's {@code policies/} folder, through the same runner as
 * {@code interlock test}: an example policy and its documented behaviour cannot drift apart.
 */
class ShippedPolicyCasesTest {

    static final Path POLICIES = Path.of("policies");

    @Test
    void everyShippedCasePasses() {
        assertTrue(Files.isDirectory(POLICIES), "run from the project folder: " + POLICIES.toAbsolutePath());
        Report report;
        // The shipped cases expect decisions, never a timeout: a wide limit (which also bounds
        // loading) keeps a busy machine out of them.
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(30_000, 256)))) {
            report = new CaseRunner(engine).run(POLICIES);
        }
        String loadErrors = report.loadErrors().stream().map(p -> "\n  " + p.located()).collect(Collectors.joining());
        assertTrue(report.loadErrors().isEmpty(), "files that did not load:" + loadErrors);
        assertTrue(report.failures().isEmpty(), () -> "failing cases:\n" + CaseRunnerTest.print(
                new Report(report.failures(), report.loadErrors(), report.skipped(), report.untested(), report.millis())));
        // Each trigger's example policies come with cases for each policy and for the chain.
        long files = report.results().stream().map(CaseResult::file).distinct().count();
        assertTrue(files >= 9 && report.results().size() >= 60,
                "expected the shipped cases files to be found, ran " + report.results().size() + " cases from " + files + " files");
    }
}
