package io.interlock.cases;

import io.interlock.config.InvalidConfigException;
import io.interlock.config.SecretsFile;
import io.interlock.engine.ActionSecrets;
import io.interlock.engine.EngineSettings;
import io.interlock.engine.PolicyEngine;
import java.io.PrintWriter;
import io.interlock.policy.PoliciesRoot;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code interlock test [folder]}: runs the policies' cases without starting the service. */
@Command(name = "test",
        description = {
            "Runs the policies' cases, without starting the service.",
            "",
            "NN-name.cases.json runs against that policy alone, cases.json against its",
            "trigger folder's whole chain. The same files in <trigger>/shadow/ test its",
            "shadow chain. The format is in policies/README.md.",
            "",
            "Auth0 Actions see the secrets the service would: INTERLOCK_SECRET_<NAME> and",
            "INTERLOCK_SECRETS_FILE; a cases file's \"secrets\" set more for its cases."},
        footer = {"", "Exit status: 0 all cases passed; 1 a case failed, or there was no case to run;",
            "2 something did not load (a policy, data, payload or cases file), the folder is not",
            "a policies folder, or bad usage."})
public final class TestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "policies", paramLabel = "FOLDER",
            description = "the policies folder (default: ${DEFAULT-VALUE}, relative to the current directory)")
    Path folder;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // Checked before an engine exists: a run over the wrong folder must say so and fail, not
        // pass on nothing (and not print the engine's shutdown beside it).
        Optional<String> notPolicies = PoliciesRoot.problem(folder);
        if (notPolicies.isPresent()) {
            return refuse(notPolicies.get(), Report.LOAD_ERRORS);
        }
        if (!CaseRunner.hasCases(folder)) {
            return refuse("no cases in " + folder + ": " + ReportPrinter.NO_CASES, Report.FAILED);
        }
        ActionSecrets secrets;
        try {
            secrets = SecretsFile.actionSecrets(System.getenv());
        } catch (InvalidConfigException e) {
            return refuse(String.join("\ninterlock test: ", e.problems()), Report.LOAD_ERRORS);
        }
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults().withSecrets(secrets))) {
            Report report = new CaseRunner(engine).run(folder);
            ReportPrinter.print(report, out);
            return report.exitCode();
        }
    }

    private int refuse(String problem, int exit) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("interlock test: " + problem);
        err.flush();
        return exit;
    }
}
