package io.interlock.policy;

import io.interlock.engine.Failure;
import io.interlock.engine.HelperFiles;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PreparedChain;
import io.interlock.engine.Sample;
import io.interlock.engine.Trial;
import io.interlock.engine.WarmUp;
import io.interlock.trigger.SamplePayloads;
import io.interlock.trigger.Trigger;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The chains the service answers with: per trigger the last version that loaded, plus the
 * problems of any newer version that did not. Reads are lock-free (one volatile map, replaced
 * whole), so a request in flight keeps the chain it started with while a reload swaps in the next.
 *
 * <p>At start the chains are loaded only; {@link #warmUp} then tries and warms them while the
 * port is open and readiness says not yet. A reloaded chain is tried on its samples (its cases and
 * payloads) and warmed before it replaces the last one; a version that fails on every sample the
 * last one decides is refused like one that does not load.
 */
public final class PolicyRepository {

    /** A trigger's chain as loaded: the prepared chain, its files, when it was loaded, and its trial when it had one. */
    public record ActiveChain(Trigger trigger, PreparedChain chain, List<PolicyFile> files, String dataHash, Instant loadedAt,
            Optional<Trial> trial) {}

    /** What /v1/policies shows per trigger. */
    public record TriggerState(Trigger trigger, Optional<ActiveChain> active, List<LoadProblem> problems) {}

    /**
     * A trigger's shadow chain ({@code <trigger>/shadow/}): the last version that loaded (empty when
     * the folder holds no policy) and the problems of a newer one that did not. Its problems are
     * its own: a broken shadow policy never keeps the live chain from reloading.
     */
    public record ShadowState(Trigger trigger, Optional<ActiveChain> active, List<LoadProblem> problems) {}

    /** Where a trigger's samples come from: in the service, its cases and payload files (see the cases package). */
    public interface Samples {
        List<Sample> of(Path root, Trigger trigger);

        /** What a shadow chain is tried and warmed on; the live chain's samples unless told otherwise. */
        default List<Sample> shadowOf(Path root, Trigger trigger) {
            return of(root, trigger);
        }
    }

    /** A chain tried and warmed at start, and how long both took. */
    public record Warmed(Trigger trigger, Trial trial, WarmUp.Report report, Duration took) {}

    /** How long a reload may try and warm a chain while the last one serves. */
    static final Duration RELOAD_BUDGET = Duration.ofSeconds(30);
    /** How many of the samples a refused version failed on the last version runs again, to show it decides them. */
    static final int RECHECKED = 5;

    private final PolicyEngine engine;
    private final PolicyFolder folder;
    private final Clock clock;
    private final Samples samples;
    private volatile Map<Trigger, TriggerState> states = new EnumMap<>(Trigger.class);
    private volatile Map<Trigger, ShadowState> shadows = new EnumMap<>(Trigger.class);
    /** Contexts kept per shadow chain: its own pool's workers and the dry runs' (which show it too), plus a spare. */
    private final int shadowContexts;
    private volatile List<LoadProblem> folderProblems = List.of();
    private String fingerprint = "";
    private boolean started;
    private volatile boolean warm;
    private volatile HelperFiles helpers = HelperFiles.none();
    private volatile Optional<String> versionLabel = Optional.empty();
    private volatile Optional<String> configuredLabel = Optional.empty();
    private volatile com.fasterxml.jackson.databind.JsonNode data =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

    /** With the seed payload of each trigger as its only sample. */
    public PolicyRepository(PolicyEngine engine, PolicyFolder folder, Clock clock) {
        this(engine, folder, clock, (root, trigger) -> List.of(Sample.offline("the seed payload", SamplePayloads.of(trigger))));
    }

    public PolicyRepository(PolicyEngine engine, PolicyFolder folder, Clock clock, Samples samples) {
        this(engine, folder, clock, samples, engine.settings().contexts().perChain());
    }

    public PolicyRepository(PolicyEngine engine, PolicyFolder folder, Clock clock, Samples samples, int shadowContexts) {
        this.shadowContexts = shadowContexts;
        this.engine = engine;
        this.folder = folder;
        this.clock = clock;
        this.samples = samples;
    }

    public PolicyFolder folder() {
        return folder;
    }

    /** Loads or reloads the folder; returns true when something changed. Keeps last good chains. */
    public synchronized boolean reload() {
        FolderScan scan = folder.scan();
        String next = fingerprint(scan);
        if (next.equals(fingerprint)) {
            return false;
        }
        fingerprint = next;
        Map<Trigger, TriggerState> updated = new EnumMap<>(Trigger.class);
        List<LoadProblem> global = new ArrayList<>();
        for (LoadProblem problem : scan.problems()) {
            if (triggerOf(problem).isEmpty()) {
                global.add(problem);
            }
        }
        // Triggers load (compile and warm) side by side: it is most of the time to first answer.
        java.util.Arrays.stream(Trigger.values()).parallel()
                .map(trigger -> load(trigger, scan, global))
                .toList()
                .forEach(state -> updated.put(state.trigger(), state));
        folderProblems = List.copyOf(global);
        if (global.isEmpty()) {
            data = scan.data();
            helpers = scan.helpers();
        }
        Map<Trigger, ShadowState> updatedShadows = new EnumMap<>(Trigger.class);
        java.util.Arrays.stream(Trigger.values()).parallel()
                .map(trigger -> loadShadow(trigger, scan, global, updated.get(trigger)))
                .toList()
                .forEach(state -> updatedShadows.put(state.trigger(), state));
        versionLabel = scan.versionLabel();
        Map<Trigger, TriggerState> replaced = states;
        Map<Trigger, ShadowState> replacedShadows = shadows;
        states = updated;
        shadows = updatedShadows;
        started = true;
        closeReplaced(replaced, updated);
        closeReplacedShadows(replacedShadows, updatedShadows);
        return true;
    }

    /**
     * Loads a trigger's shadow chain as its live one is loaded, except that a version failing on
     * every sample still serves: its answers are only recorded, and seeing them is the point.
     */
    private ShadowState loadShadow(Trigger trigger, FolderScan scan, List<LoadProblem> global, TriggerState live) {
        Optional<ActiveChain> previous = Optional.ofNullable(shadows.get(trigger)).flatMap(ShadowState::active);
        List<LoadProblem> problems = new ArrayList<>(global);
        scan.problems().stream().filter(p -> isShadow(trigger, p)).forEach(problems::add);
        if (!problems.isEmpty()) {
            return new ShadowState(trigger, previous, List.copyOf(problems));
        }
        if (!live.problems().isEmpty()) {
            // the shadow chain holds the live files: it waits for them, whose problem the live chain reports
            return new ShadowState(trigger, previous, List.of());
        }
        List<PolicyFile> files = scan.shadowChainFor(trigger);
        if (files.isEmpty()) {
            return new ShadowState(trigger, Optional.empty(), List.of());
        }
        if (previous.isPresent() && sameFiles(previous.get().files(), files) && previous.get().dataHash().equals(scan.dataHash())
                && sameHelpers(previous.get().chain(), scan)) {
            return new ShadowState(trigger, previous, List.of());
        }
        PreparedChain chain = engine.prepare(trigger, files.stream().map(PolicyFile::toSource).toList(), scan.data(),
                scan.packages(), scan.helpers(), shadowContexts);
        if (!chain.loaded()) {
            chain.loadErrors().stream().map(PolicyRepository::problem).forEach(problems::add);
            return new ShadowState(trigger, previous, List.copyOf(problems));
        }
        Optional<Trial> trial = Optional.empty();
        if (started) {
            trial = Optional.of(engine.trial(chain, samples.shadowOf(folder.root(), trigger), RELOAD_BUDGET));
            engine.warmUp(chain, trial.get(), WarmUp.Plan.afterReload(RELOAD_BUDGET));
        } else {
            chain.prepareContexts();
        }
        return new ShadowState(trigger, Optional.of(new ActiveChain(trigger, chain, files, scan.dataHash(), clock.instant(),
                trial)), List.of());
    }

    private boolean isShadow(Trigger trigger, LoadProblem problem) {
        return ShadowFolders.contains(folder.root().resolve(trigger.folder()), problem.file());
    }

    private static void closeReplacedShadows(Map<Trigger, ShadowState> before, Map<Trigger, ShadowState> after) {
        before.forEach((trigger, state) -> state.active().ifPresent(old -> {
            boolean kept = after.get(trigger) != null && after.get(trigger).active()
                    .map(now -> now.chain() == old.chain()).orElse(false);
            if (!kept) {
                old.chain().close();
            }
        }));
    }

    private TriggerState load(Trigger trigger, FolderScan scan, List<LoadProblem> global) {
        Optional<ActiveChain> previous = Optional.ofNullable(states.get(trigger)).flatMap(TriggerState::active);
        List<LoadProblem> problems = new ArrayList<>(global);
        scan.problems().stream().filter(p -> triggerOf(p).equals(Optional.of(trigger)) && !isShadow(trigger, p))
                .forEach(problems::add);
        if (problems.isEmpty()) {
            List<PolicyFile> files = scan.filesFor(trigger);
            if (previous.isPresent() && sameFiles(previous.get().files(), files)
                    && previous.get().dataHash().equals(scan.dataHash()) && sameHelpers(previous.get().chain(), scan)) {
                return new TriggerState(trigger, previous, List.of());
            }
            PreparedChain chain = engine.prepare(trigger, files.stream().map(PolicyFile::toSource).toList(), scan.data(),
                    scan.packages(), scan.helpers());
            if (!chain.loaded()) {
                chain.loadErrors().stream().map(PolicyRepository::problem).forEach(problems::add);
            } else if (!started) {
                // the warm-up comes once the port is open; its contexts can be prepared meanwhile
                chain.prepareContexts();
                return serving(trigger, chain, files, scan, Optional.empty());
            } else {
                Trial trial = engine.trial(chain, samples.of(folder.root(), trigger), RELOAD_BUDGET);
                Optional<LoadProblem> refused = refusal(trial, previous);
                if (refused.isEmpty()) {
                    engine.warmUp(chain, trial, WarmUp.Plan.afterReload(RELOAD_BUDGET));
                    return serving(trigger, chain, files, scan, Optional.of(trial));
                }
                chain.close();
                problems.add(refused.get());
            }
        }
        return new TriggerState(trigger, previous, List.copyOf(problems));
    }

    private TriggerState serving(Trigger trigger, PreparedChain chain, List<PolicyFile> files, FolderScan scan,
            Optional<Trial> trial) {
        return new TriggerState(trigger, Optional.of(new ActiveChain(trigger, chain, files, scan.dataHash(), clock.instant(),
                trial)), List.of());
    }

    /**
     * A new version that fails on every sample it was tried on, where the version serving decides
     * some of them (it is run again on a few), is refused as a load error is: serving it would
     * answer every call per on-error. When the version serving fails on them too, the samples say
     * nothing about the change, and the new version serves (the warning is the caller's).
     */
    private Optional<LoadProblem> refusal(Trial trial, Optional<ActiveChain> previous) {
        if (!trial.failsOnEvery() || previous.isEmpty()) {
            return Optional.empty();
        }
        List<Sample> tried = trial.outcomes().stream().map(Trial.Outcome::sample).limit(RECHECKED).toList();
        Trial before = engine.trial(previous.get().chain(), tried, RELOAD_BUDGET);
        if (before.outcomes().isEmpty() || before.failsOnEvery()) {
            return Optional.empty();
        }
        Trial.Outcome first = trial.outcomes().get(0);
        Failure failure = first.failure().orElseThrow();
        String message = "not served: it fails on every sample it was tried on (" + trial.outcomes().size()
                + ", its cases and payload files), which the version serving decides; e.g. " + first.sample().name() + ": "
                + failure.code().code() + ": " + failure.message();
        return Optional.of(new LoadProblem(failure.policy() == null ? "(chain)" : failure.policy(), failure.line(),
                failure.column(), message));
    }

    /**
     * Tries each chain on its samples and warms it (every context, rounds until the evaluations
     * stop getting faster), chains side by side, within {@code budget}. Reloads wait meanwhile.
     * The caller says when the service is ready ({@link #markWarm}).
     */
    public synchronized List<Warmed> warmUp(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<Warmed> warmed = java.util.Arrays.stream(Trigger.values()).parallel()
                .flatMap(trigger -> chain(trigger).stream())
                .map(active -> {
                    long start = System.nanoTime();
                    List<Sample> of = samples.of(folder.root(), active.trigger());
                    Trial trial = engine.trial(active.chain(), of, left(deadline));
                    WarmUp.Report report = engine.warmUp(active.chain(), trial, WarmUp.Plan.atStart(left(deadline)));
                    return new Warmed(active.trigger(), trial, report, Duration.ofNanos(System.nanoTime() - start));
                }).toList();
        return warmed;
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** The start-up warm-up is over, or skipped (INTERLOCK_WARM_UP_SECONDS=0): the service is ready. */
    public void markWarm() {
        warm = true;
    }

    /** Whether the start-up warm-up is over (or skipped): until then the service is not ready. */
    public boolean warm() {
        return warm;
    }

    /** A replaced chain's contexts are released; calls still running on it finish first. */
    private static void closeReplaced(Map<Trigger, TriggerState> before, Map<Trigger, TriggerState> after) {
        before.forEach((trigger, state) -> state.active().ifPresent(old -> {
            boolean kept = after.get(trigger) != null && after.get(trigger).active()
                    .map(now -> now.chain() == old.chain()).orElse(false);
            if (!kept) {
                old.chain().close();
            }
        }));
    }

    /**
     * Whether every helper the chain uses is still there with the same text: hot reload follows
     * helpers, so changing one reloads every chain that uses it, and only those.
     */
    private static boolean sameHelpers(PreparedChain chain, FolderScan scan) {
        return chain.helperHashes().entrySet().stream()
                .allMatch(e -> scan.helpers().hash(e.getKey()).map(e.getValue()::equals).orElse(false));
    }

    private static boolean sameFiles(List<PolicyFile> a, List<PolicyFile> b) {
        return a.stream().map(f -> f.name() + f.hash()).toList().equals(b.stream().map(f -> f.name() + f.hash()).toList());
    }

    private String fingerprint(FolderScan scan) {
        String files = java.util.stream.Stream.concat(scan.files().values().stream(), scan.shadow().values().stream())
                .flatMap(List::stream).map(f -> f.name() + "=" + f.hash()).collect(Collectors.joining("\n"));
        String problems = scan.problems().stream().map(LoadProblem::located).collect(Collectors.joining("\n"));
        String helpers = scan.helpers().files().keySet().stream().sorted()
                .map(name -> name + "=" + scan.helpers().hash(name).orElse("")).collect(Collectors.joining("\n"));
        return files + "\n#data=" + scan.dataHash() + "\n#helpers=" + helpers + "\n#version=" + scan.versionLabel().orElse("")
                + "\n#problems=" + problems;
    }

    private Optional<Trigger> triggerOf(LoadProblem problem) {
        for (Trigger trigger : Trigger.values()) {
            if (problem.file().startsWith(folder.root().resolve(trigger.folder()) + File.separator)) {
                return Optional.of(trigger);
            }
        }
        return Optional.empty();
    }

    private static LoadProblem problem(Failure failure) {
        return new LoadProblem(failure.policy() == null ? "(chain)" : failure.policy(), failure.line(), failure.column(),
                failure.message());
    }

    /** The helpers of the last load whose files were all readable: what a draft in the playground may import. */
    public HelperFiles helpers() {
        return helpers;
    }

    /**
     * The policies' version label: the one the operator set (INTERLOCK_POLICIES_VERSION), else the
     * first line of the folder's {@code VERSION} file as last read, if it has one.
     */
    public Optional<String> versionLabel() {
        return configuredLabel.or(() -> versionLabel);
    }

    /** The label INTERLOCK_POLICIES_VERSION sets, which wins over the folder's VERSION file. */
    public void useVersionLabel(Optional<String> label) {
        configuredLabel = label;
    }

    /** The version of {@code active} that a decision made by it records. */
    public ChainVersion version(ActiveChain active) {
        return new ChainVersion(versionLabel().orElse(null), active.chain().versionHash());
    }

    /** The shared data of the last load whose data files were all readable. */
    public com.fasterxml.jackson.databind.JsonNode data() {
        return data;
    }

    public TriggerState state(Trigger trigger) {
        return states.getOrDefault(trigger, new TriggerState(trigger, Optional.empty(), List.of()));
    }

    public Optional<ActiveChain> chain(Trigger trigger) {
        return state(trigger).active();
    }

    public ShadowState shadow(Trigger trigger) {
        return shadows.getOrDefault(trigger, new ShadowState(trigger, Optional.empty(), List.of()));
    }

    /** The trigger's shadow chain as loaded, when it has one. */
    public Optional<ActiveChain> shadowChain(Trigger trigger) {
        return shadow(trigger).active();
    }

    /** Problems that are not any one trigger's (bad data files, a misspelt trigger folder). */
    public List<LoadProblem> folderProblems() {
        return folderProblems;
    }

    /** Every current problem, folder-wide and per trigger, without repeats. */
    public List<LoadProblem> problems() {
        List<LoadProblem> all = new ArrayList<>(folderProblems);
        for (Trigger trigger : Trigger.values()) {
            state(trigger).problems().stream().filter(p -> !all.contains(p)).forEach(all::add);
            shadow(trigger).problems().stream().filter(p -> !all.contains(p)).forEach(all::add);
        }
        return all;
    }
}
