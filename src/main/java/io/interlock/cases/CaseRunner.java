package io.interlock.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.config.OnError;
import io.interlock.engine.ActionSecrets;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.Failure;
import io.interlock.engine.FailureCode;
import io.interlock.engine.Limits;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PolicySource;
import io.interlock.engine.PreparedChain;
import io.interlock.fetch.DeclaredAnswers;
import io.interlock.fetch.FetchError;
import io.interlock.policy.FolderScan;
import io.interlock.policy.LoadProblem;
import io.interlock.policy.PolicyFile;
import io.interlock.policy.PolicyFolder;
import io.interlock.policy.ShadowFolders;
import io.interlock.service.Decided;
import io.interlock.service.DecisionService;
import io.interlock.trigger.SamplePayloads;
import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs every cases file of a policies folder: {@code <policy>.cases.json} against that policy
 * alone, {@code cases.json} against the trigger's whole chain, both with the folder's shared
 * data. The cases files in a trigger's shadow folder ({@code <trigger>/shadow/}) test its shadow
 * chain the same way: {@code cases.json} the live chain with the shadow's files moved in, a
 * policy's own cases file that shadow file alone. Policies are read, prepared and evaluated by the same code the service uses, and each
 * answer is rendered as the service would send it, so a passing case means the service answers so.
 *
 * <p>One engine for the whole run: it caches compiled sources, which is what keeps a run of
 * many cases within seconds.
 */
public final class CaseRunner {

    /**
     * The answer for a failing policy when a case runs: the service's default, so that what a
     * case expects is what production answers unless configured otherwise.
     */
    static final OnError ON_ERROR = OnError.DENY;

    /** How long a case that timed out under the service's limit gets on its second run. */
    static final Duration RETRY_TIMEOUT = Duration.ofSeconds(10);

    /** A policy that costs nothing, to pay the JVM's cold start before the first real case. */
    private static final PolicySource WARM_UP = new PolicySource("warm-up.js", "export default () => ({decision: 'ALLOW'})");

    private final PolicyEngine engine;
    private boolean warm;
    /** Engines for cases that set secrets of their own, by the full set; closed at the end of a run. */
    private final Map<Map<String, String>, PolicyEngine> withSecrets = new HashMap<>();

    public CaseRunner(PolicyEngine engine) {
        this.engine = engine;
    }

    public synchronized Report run(Path root) {
        long start = System.nanoTime();
        warmUp();
        try {
            return new Run(root, start).all();
        } finally {
            withSecrets.values().forEach(PolicyEngine::close);
            withSecrets.clear();
        }
    }

    /** The engine whose Actions see the environment's secrets with {@code secrets} over them. */
    private PolicyEngine engineFor(Map<String, String> secrets) {
        if (secrets.isEmpty()) {
            return engine;
        }
        Map<String, String> merged = new TreeMap<>(engine.settings().secrets().asMap());
        merged.putAll(secrets);
        return withSecrets.computeIfAbsent(merged, all -> {
            PolicyEngine created = PolicyEngine.create(engine.settings().withSecrets(engine.settings().secrets().withShared(secrets)));
            Trigger trigger = Trigger.PRE_SIGNUP;
            try (PreparedChain chain = created.prepare(trigger, List.of(WARM_UP), null)) {
                created.warmUp(chain, SamplePayloads.of(trigger), 2);
            }
            return created;
        });
    }

    /**
     * The first evaluation in a fresh JVM takes about as long as a request's time limit (measured
     * ~480 ms of 500 here), so the first case of a run would time out and need the retry. The
     * engine's warm-up runs under the longer loading limit; cases keep the service's real limits.
     */
    private void warmUp() {
        if (!warm) {
            Trigger trigger = Trigger.PRE_SIGNUP;
            try (PreparedChain chain = engine.prepare(trigger, List.of(WARM_UP), null)) {
                engine.warmUp(chain, SamplePayloads.of(trigger), 2);
            }
            warm = true;
        }
    }

    /** The state of one run over one folder. */
    private final class Run {
        private final Path root;
        private final long start;
        private final List<CaseResult> results = new ArrayList<>();
        // The same broken policy is reported by its own cases file and by the chain's: once is enough.
        private final Set<LoadProblem> loadErrors = new LinkedHashSet<>();
        private final List<Report.Skipped> skipped = new ArrayList<>();
        // `interlock:` trace lines: what an Auth0 Action read or called that the platform cannot supply.
        private final Set<String> notes = new LinkedHashSet<>();
        private final CaseParser parser;
        private FolderScan scan;

        Run(Path root, long start) {
            this.root = root;
            this.start = start;
            this.parser = new CaseParser(new PayloadFiles(root));
        }

        Report all() {
            scan = new PolicyFolder(root).scan();
            loadErrors.addAll(scan.problems());
            List<Trigger> triggers = Stream.of(Trigger.values()).sorted(Comparator.comparing(Trigger::folder)).toList();
            for (Trigger trigger : triggers) {
                for (Path file : casesFiles(root.resolve(trigger.folder()))) {
                    runFile(parser.parse(file, file.toString(), trigger));
                }
                for (Path file : casesFiles(shadowFolder(root, trigger))) {
                    runFile(parser.parse(file, file.toString(), trigger));
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Report(results, List.copyOf(loadErrors), skipped, untested(triggers), List.copyOf(notes), millis);
        }

        /**
         * Policies no case reaches: no cases file of their own and no chain cases.json in their
         * folder. Reported, not failed: a new policy without tests is a reviewer's call.
         */
        private List<String> untested(List<Trigger> triggers) {
            List<String> untested = new ArrayList<>();
            for (Trigger trigger : triggers) {
                Path folder = root.resolve(trigger.folder());
                if (Files.isRegularFile(folder.resolve(CaseFile.CHAIN_FILE))) {
                    continue;
                }
                for (var policy : scan.filesFor(trigger)) {
                    String stem = policy.fileName().replaceFirst("\\.js$", "");
                    if (!Files.isRegularFile(folder.resolve(stem + ".cases.json"))) {
                        untested.add(trigger.folder() + "/" + policy.fileName());
                    }
                }
            }
            return untested;
        }

        private void runFile(CaseFile file) {
            loadErrors.addAll(file.problems());
            if (file.cases().isEmpty()) {
                return;
            }
            String label = relative(file.path());
            Optional<String> blocked = blocked(file);
            if (blocked.isPresent()) {
                skipped.add(new Report.Skipped(label, file.cases().size(), blocked.get()));
                return;
            }
            List<PolicyFile> policies = policiesOf(file);
            try (PreparedChain chain = engine.prepare(file.trigger(), policies.stream().map(PolicyFile::toSource).toList(),
                    scan.data(), scan.packages(), scan.helpers())) {
                if (!chain.loaded()) {
                    chain.loadErrors().stream().map(CaseRunner::problem).forEach(loadErrors::add);
                    skipped.add(new Report.Skipped(label, file.cases().size(),
                            file.policy().isPresent() ? "the policy did not load" : "the chain did not load"));
                    return;
                }
                Map<Map<String, String>, PreparedChain> chains = new HashMap<>();
                try {
                    for (PolicyCase c : file.cases()) {
                        PreparedChain prepared = c.secrets().isEmpty() ? chain : chains.computeIfAbsent(c.secrets(), s -> engineFor(s)
                                .prepare(file.trigger(), policies.stream().map(PolicyFile::toSource).toList(), scan.data(),
                                        scan.packages(), scan.helpers()));
                        CaseResult result = runCase(engineFor(c.secrets()), label, prepared, policies, c);
                        results.add(result);
                        result.trace().forEach(t -> t.console().stream().filter(line -> line.startsWith(NOTE))
                                .forEach(line -> notes.add(t.policy() + ": " + line)));
                    }
                } finally {
                    chains.values().forEach(PreparedChain::close);
                }
            }
        }

        /** Why a file's cases cannot run at all, or empty when they can. */
        private Optional<String> blocked(CaseFile file) {
            Path triggerDir = file.path().getParent();
            if (scan.problems().stream().anyMatch(p -> Path.of(p.file()).startsWith(root.resolve("data")))) {
                return Optional.of("the shared data did not load");
            }
            if (file.policy().isEmpty()) {
                // a shadow chain holds the live files too; the live chain does not hold the shadow's
                Path liveDir = isShadow(file) ? triggerDir.getParent() : triggerDir;
                Path shadowDir = liveDir.resolve(ShadowFolders.NAME);
                if (scan.problems().stream().map(p -> Path.of(p.file()))
                        .anyMatch(p -> p.startsWith(liveDir) && (isShadow(file) || !p.startsWith(shadowDir)))) {
                    return Optional.of("a policy of the chain could not be read");
                }
                if (policiesOf(file).isEmpty()) {
                    loadErrors.add(LoadProblem.of(file.display(), "no policies in " + triggerDir + " to run these cases against"));
                    return Optional.of("no policies");
                }
                return Optional.empty();
            }
            Path policy = triggerDir.resolve(file.policy().get());
            if (scan.problems().stream().anyMatch(p -> Path.of(p.file()).equals(policy))) {
                return Optional.of("the policy could not be read");
            }
            if (policiesOf(file).isEmpty()) {
                loadErrors.add(LoadProblem.of(file.display(), "no policy " + file.policy().get()
                        + " beside it (NN-name.cases.json tests NN-name.js)"));
                return Optional.of("no such policy");
            }
            return Optional.empty();
        }

        private List<PolicyFile> policiesOf(CaseFile file) {
            List<PolicyFile> all = isShadow(file) ? scan.shadowChainFor(file.trigger()) : scan.filesFor(file.trigger());
            // a shadow folder's policy cases test its own file, not the live one it replaces
            List<PolicyFile> own = isShadow(file) ? scan.shadowFor(file.trigger()) : all;
            return file.policy().map(name -> own.stream().filter(f -> f.fileName().equals(name)).toList()).orElse(all);
        }

        private String relative(Path file) {
            return root.relativize(file).toString();
        }
    }

    /** How the Auth0 adapter starts a trace line about something the platform cannot supply. */
    static final String NOTE = "interlock: ";

    private static CaseResult runCase(PolicyEngine engine, String label, PreparedChain chain, List<PolicyFile> policies,
            PolicyCase c) {
        // fetch() calls get the case's declared answers: a case never reaches the network.
        DeclaredAnswers answers = new DeclaredAnswers(c.fetch());
        Limits limits = engine.settings().limitsFor(chain.trigger());
        EvaluationResult result = engine.evaluate(chain, c.payload(), limits, answers);
        boolean retried = false;
        if (timedOut(result) && c.expect().failure().filter(code -> code == FailureCode.POLICY_TIMEOUT).isEmpty()) {
            // The limit is wall-clock time: on a busy machine (a CI runner, a build beside the
            // run) a policy that takes 20 ms can miss 500 ms. Only a policy that still has not
            // decided after RETRY_TIMEOUT fails the case as a timeout.
            result = engine.evaluate(chain, c.payload(), new Limits(RETRY_TIMEOUT, limits.memoryBytes()), answers);
            retried = true;
        }
        Decided decided = DecisionService.apply(ON_ERROR, result, policies);
        // ON_ERROR is DENY, so there is always an answer to send (only on-error=error has none).
        JsonNode wire = decided.answer().orElseThrow().toWire();
        List<String> mismatches = new ArrayList<>(Comparison.mismatches(c.expect(), wire, result.failure()));
        mismatches.addAll(undeclared(result));
        return new CaseResult(label, c, wire, result.failure(), mismatches, result.trace(), retried);
    }

    /** A call no answer was declared for fails the case, even when the policy carried on without it. */
    private static List<String> undeclared(EvaluationResult result) {
        return result.trace().stream().flatMap(t -> t.fetches().stream())
                .filter(call -> FetchError.NOT_DECLARED.code().equals(call.error()))
                .map(call -> "unexpected " + call.message()).distinct().toList();
    }

    private static boolean timedOut(EvaluationResult result) {
        return result.failure().filter(f -> f.code() == FailureCode.POLICY_TIMEOUT).isPresent();
    }

    /** Whether any trigger folder of {@code root}, or its shadow folder, holds a cases file. */
    static boolean hasCases(Path root) {
        return Stream.of(Trigger.values()).anyMatch(t -> !casesFiles(root.resolve(t.folder())).isEmpty()
                || !casesFiles(shadowFolder(root, t)).isEmpty());
    }

    private static Path shadowFolder(Path root, Trigger trigger) {
        return root.resolve(trigger.folder()).resolve(ShadowFolders.NAME);
    }

    /** A cases file in a shadow folder tests the shadow chain. */
    private static boolean isShadow(CaseFile file) {
        Path parent = file.path().getParent();
        return parent != null && parent.getFileName() != null && parent.getFileName().toString().equals(ShadowFolders.NAME);
    }

    /** The cases files of a trigger folder: each policy's in file-name order, then the chain's. */
    static List<Path> casesFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> CaseFile.isCasesFile(p.getFileName().toString()))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString().equals(CaseFile.CHAIN_FILE))
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static LoadProblem problem(Failure failure) {
        return new LoadProblem(failure.policy() == null ? "(chain)" : failure.policy(), failure.line(), failure.column(),
                failure.message());
    }
}
