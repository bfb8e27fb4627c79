package io.interlock.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.cases.FetchAnswers;
import io.interlock.config.InterlockConfig;
import io.interlock.config.InvalidConfigException;
import io.interlock.config.OnError;
import io.interlock.config.SecretsFile;
import io.interlock.config.Setting;
import io.interlock.config.Settings;
import io.interlock.engine.EngineSettings;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PreparedChain;
import io.interlock.fetch.DeclaredAnswers;
import io.interlock.log.StoreUnavailable;
import io.interlock.log.StoredDecisions;
import io.interlock.policy.FolderScan;
import io.interlock.policy.PoliciesRoot;
import io.interlock.policy.PolicyFile;
import io.interlock.policy.PolicyFolder;
import io.interlock.trigger.Trigger;
import io.micronaut.core.value.MapPropertyResolver;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code interlock replay [folder]}: stored real calls run again against a policies folder, offline. */
@Command(name = "replay",
        description = {
            "Runs stored real calls again against a policies folder, offline, and reports",
            "what would have changed: ALLOW -> DENY, DENY -> ALLOW, claims, membership or",
            "DENY message changed, a new failure; the policy that made each change; examples.",
            "",
            "Reads the service's decision store (INTERLOCK_DECISION_DB: its SQLite file or",
            "PostgreSQL): only calls kept with their payload (INTERLOCK_LOG_PAYLOADS=true)",
            "can be replayed. fetch() gets the answers the original call got, or those of",
            "--fetch, never the network. A replay is uncertain when a policy reads a field",
            "that was masked when stored (INTERLOCK_LOG_PII), or a fetch answer was not kept."},
        footer = {"", "Exit status: 0 done (and no more than --max-changed answers changed); 1 more than",
            "--max-changed changed, or --max-changed was given and nothing could be replayed;",
            "2 the folder or a policy did not load, the store cannot be read, or bad usage."})
public final class ReplayCommand implements Callable<Integer> {

    static final int EXIT_CHANGED = 1;
    static final int EXIT_ERROR = 2;
    /** A replayed call fails as the service does by default, so a change's failures show as DENY. */
    static final OnError ON_ERROR = OnError.DENY;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "policies", paramLabel = "FOLDER",
            description = "the policies to replay against (default: ${DEFAULT-VALUE})")
    Path folder;

    @Option(names = "--trigger", paramLabel = "TRIGGER", description = "only this trigger's calls (pre_signup, PRE_SIGNUP or pre-signup)")
    String trigger;

    @Option(names = "--from", paramLabel = "TIME", description = "calls at or after this time (ISO-8601, like 2026-12-01T00:00:00Z)")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "calls before this time")
    String to;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000", description = "the newest N matching calls (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--max-changed", paramLabel = "N", description = "exit 1 when more than N answers change (a CI gate)")
    Integer maxChanged;

    @Option(names = "--fetch", paramLabel = "FILE",
            description = "answers for fetch() calls the stored calls did not record: a JSON list as a cases file's \"fetch\"")
    Path fetchFile;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "3", description = "examples shown per kind of change (default: ${DEFAULT-VALUE})")
    int examples;

    @Option(names = "--json", description = "print one JSON object (replayed, changed, by_kind, by_policy, uncertain, examples)")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    /** The environment the settings are read from: the process's, or a test's. */
    private final Map<String, String> environment;

    public ReplayCommand() {
        this(System.getenv());
    }

    ReplayCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        // Logs (the store's start line, an engine warning) go to stderr: stdout is the report, with
        // --json one JSON object. Logback's console appender writes to whatever System.out is; the
        // report's writer holds the real stdout.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            return replay();
        } finally {
            System.setOut(stdout);
        }
    }

    private int replay() {
        StoredDecisions.Filter filter;
        DeclaredAnswers declared;
        try {
            filter = filter();
            declared = declared();
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        Optional<String> notPolicies = PoliciesRoot.problem(folder);
        if (notPolicies.isPresent()) {
            return refuse(notPolicies.get());
        }
        FolderScan scan = new PolicyFolder(folder).scan();
        if (!scan.problems().isEmpty()) {
            return refuse("the policies did not load: " + scan.problems().get(0).located());
        }
        StoredDecisions.Batch batch;
        try (StoredDecisions store = StoredDecisions.open(InterlockConfig.logFrom(properties()))) {
            batch = store.read(filter);
        } catch (InvalidConfigException e) {
            return refuse(String.join("; ", e.problems()));
        } catch (StoreUnavailable e) {
            return refuse("cannot read the decision store: " + e.getMessage());
        }
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults().withSecrets(SecretsFile.actionSecrets(environment)))) {
            return replay(engine, scan, batch, declared);
        } catch (InvalidConfigException e) {
            return refuse(String.join("; ", e.problems()));
        }
    }

    private int replay(PolicyEngine engine, FolderScan scan, StoredDecisions.Batch batch, DeclaredAnswers declared) {
        Map<Trigger, Replayer.Chain> chains = new EnumMap<>(Trigger.class);
        try {
            for (Trigger t : batch.decisions().stream().map(StoredDecisions.Stored::trigger).distinct().toList()) {
                List<PolicyFile> files = scan.filesFor(t);
                if (files.isEmpty()) {
                    continue;
                }
                PreparedChain prepared = engine.prepare(t, files.stream().map(PolicyFile::toSource).toList(), scan.data(),
                        scan.packages());
                chains.put(t, new Replayer.Chain(prepared, files.stream().map(f -> new Replayer.Policy(f.name(), f.hash())).toList(),
                        ON_ERROR));
                if (!prepared.loaded()) {
                    return refuse(t.folder() + " did not load: " + prepared.loadErrors().get(0).located());
                }
            }
            Replayer replayer = new Replayer(engine, declared);
            List<Replayer.Outcome> outcomes = new ArrayList<>();
            int noPolicies = 0;
            for (StoredDecisions.Stored stored : batch.decisions()) {
                Replayer.Chain chain = chains.get(stored.trigger());
                if (chain == null) {
                    noPolicies++;
                } else {
                    outcomes.add(replayer.replay(stored, chain));
                }
            }
            return report(new ReplayReport(outcomes, batch.withoutPayload(), noPolicies, examples));
        } finally {
            chains.values().forEach(c -> c.prepared().close());
        }
    }

    private int report(ReplayReport report) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(report.json().toString());
        } else {
            report.print(out, folder.toString());
        }
        out.flush();
        if (maxChanged == null) {
            return 0;
        }
        if (report.replayed() == 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("interlock replay: nothing was replayed, so --max-changed " + maxChanged + " cannot pass"
                    + " (is INTERLOCK_DECISION_DB the service's store, and INTERLOCK_LOG_PAYLOADS=true there?)");
            err.flush();
            return EXIT_CHANGED;
        }
        return report.changed() > maxChanged ? EXIT_CHANGED : 0;
    }

    private StoredDecisions.Filter filter() {
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("--count must be from 1 to 100000 (got " + count + ")");
        }
        if (maxChanged != null && maxChanged < 0) {
            throw new IllegalArgumentException("--max-changed must be 0 or more (got " + maxChanged + ")");
        }
        Optional<Trigger> t = Optional.ofNullable(trigger).map(value -> Trigger.fromWire(value.toUpperCase(java.util.Locale.ROOT))
                .or(() -> Trigger.fromFolder(value)).or(() -> Trigger.fromFolder(value.replace('_', '-')))
                .orElseThrow(() -> new IllegalArgumentException("--trigger: unknown trigger '" + value
                        + "'; one of pre_signup, pre_session_creation, pre_user_invitation, pre_m2m_token_creation")));
        Optional<Instant> start = Optional.ofNullable(from).map(v -> instant("--from", v));
        Optional<Instant> end = Optional.ofNullable(to).map(v -> instant("--to", v));
        if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
            throw new IllegalArgumentException("--to must be later than --from");
        }
        return new StoredDecisions.Filter(t, start, end, count);
    }

    private static Instant instant(String option, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 time with a zone, like 2026-12-01T00:00:00Z (got '"
                    + value + "')");
        }
    }

    private DeclaredAnswers declared() {
        if (fetchFile == null) {
            return new DeclaredAnswers(List.of());
        }
        JsonNode list;
        try {
            list = new ObjectMapper().readTree(Files.readString(fetchFile));
        } catch (IOException e) {
            throw new IllegalArgumentException("--fetch: cannot read " + fetchFile + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        List<DeclaredAnswers.Answer> answers = FetchAnswers.parse(list, fetchFile.toString(), problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("--fetch: " + String.join("; ", problems));
        }
        return new DeclaredAnswers(answers);
    }

    /** The service's settings from the environment, as the service reads them. */
    private MapPropertyResolver properties() {
        Map<String, Object> properties = new HashMap<>();
        for (Setting s : Settings.ALL) {
            String value = environment.get(s.env());
            if (value != null && !s.property().isEmpty()) {
                properties.put(s.property(), value);
            }
        }
        return new MapPropertyResolver(properties);
    }

    private int refuse(String problem) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("interlock replay: " + problem);
        err.flush();
        return EXIT_ERROR;
    }
}
