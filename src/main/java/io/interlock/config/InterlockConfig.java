package io.interlock.config;

import io.interlock.engine.Limits;
import io.interlock.fetch.Allowlist;
import io.interlock.fetch.FetchSettings;
import io.interlock.trigger.Trigger;
import io.micronaut.core.value.PropertyResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every operator setting, read once at start and validated: a bad value stops the start with
 * a message naming the setting. Settings come from environment variables (INTERLOCK_TIMEOUT_MS)
 * or the equivalent Micronaut properties (interlock.timeout-ms); per-trigger overrides use the
 * trigger folder name (INTERLOCK_PRE_SIGNUP_TIMEOUT_MS, interlock.pre-signup.timeout-ms).
 */
public record InterlockConfig(
        Optional<Path> policiesDir,
        String signingSecrets,
        boolean allowUnsigned,
        Optional<String> adminToken,
        Limits limits,
        Map<Trigger, Limits> triggerLimits,
        OnError onError,
        Map<Trigger, OnError> triggerOnError,
        int maxBodyBytes,
        int workers,
        int queue,
        boolean reload,
        boolean guardM2mScope,
        LogSettings log,
        int dryRunWorkers,
        int dryRunQueue,
        FetchSettings fetch,
        StallSettings stalls) {

    public OnError onErrorFor(Trigger trigger) {
        return triggerOnError.getOrDefault(trigger, onError);
    }

    public static InterlockConfig from(PropertyResolver properties) {
        Reader r = new Reader(properties);
        long timeout = r.integer("timeout-ms", "INTERLOCK_TIMEOUT_MS", 500, 10, 60_000);
        long memory = r.integer("memory-mb", "INTERLOCK_MEMORY_MB", 256, 8, 16_384);
        OnError onError = r.onError("on-error", "INTERLOCK_ON_ERROR", OnError.DENY);
        Map<Trigger, Limits> triggerLimits = new EnumMap<>(Trigger.class);
        Map<Trigger, OnError> triggerOnError = new EnumMap<>(Trigger.class);
        for (Trigger t : Trigger.values()) {
            String prefix = t.folder() + ".";
            String envPrefix = "INTERLOCK_" + t.name() + "_";
            long tt = r.integer(prefix + "timeout-ms", envPrefix + "TIMEOUT_MS", timeout, 10, 60_000);
            long tm = r.integer(prefix + "memory-mb", envPrefix + "MEMORY_MB", memory, 8, 16_384);
            if (tt != timeout || tm != memory) {
                triggerLimits.put(t, Limits.of(tt, tm));
            }
            OnError te = r.onError(prefix + "on-error", envPrefix + "ON_ERROR", onError);
            if (te != onError) {
                triggerOnError.put(t, te);
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        InterlockConfig config = new InterlockConfig(
                r.string("policies").map(Path::of),
                r.string("signing-secrets").orElse(""),
                r.bool("allow-unsigned", "INTERLOCK_ALLOW_UNSIGNED", false),
                r.string("admin-token").filter(s -> !s.isBlank()),
                Limits.of(timeout, memory),
                triggerLimits,
                onError,
                triggerOnError,
                (int) r.integer("max-body-kb", "INTERLOCK_MAX_BODY_KB", 256, 1, 10_240) * 1024,
                (int) r.integer("workers", "INTERLOCK_WORKERS", cores, 1, 256),
                (int) r.integer("queue", "INTERLOCK_QUEUE", Math.max(256, cores * 64L), 0, 100_000),
                r.bool("reload", "INTERLOCK_RELOAD", true),
                r.bool("m2m-scope-guard", "INTERLOCK_M2M_SCOPE_GUARD", true),
                logSettings(r),
                // Dry runs have their own few workers: a flood of them must not take the interceptor's.
                (int) r.integer("dry-run-workers", "INTERLOCK_DRY_RUN_WORKERS", Math.max(1, cores / 2), 1, 64),
                (int) r.integer("dry-run-queue", "INTERLOCK_DRY_RUN_QUEUE", 8, 0, 1_000),
                fetchSettings(r),
                stallSettings(r, cores));
        r.failIfInvalid();
        return config;
    }

    private static StallSettings stallSettings(Reader r, int cores) {
        StallSettings d = StallSettings.defaults(cores);
        return new StallSettings(
                (int) r.integer("stuck-per-trigger", "INTERLOCK_STUCK_PER_TRIGGER", d.perTrigger(), 1, 1_000),
                (int) r.integer("stuck-max", "INTERLOCK_STUCK_MAX", d.maxStuck(), 1, 10_000),
                java.time.Duration.ofSeconds(r.integer("quarantine-seconds", "INTERLOCK_QUARANTINE_SECONDS",
                        d.coolDown().toSeconds(), 0, 86_400)));
    }

    private static FetchSettings fetchSettings(Reader r) {
        Allowlist allow = Allowlist.none();
        try {
            allow = Allowlist.parse(r.string("fetch-allow").orElse(""));
        } catch (IllegalArgumentException e) {
            r.problem(e.getMessage());
        }
        return FetchSettings.defaults().withAllow(allow).withLimits(
                java.time.Duration.ofMillis(r.integer("fetch-timeout-ms", "INTERLOCK_FETCH_TIMEOUT_MS",
                        FetchSettings.DEFAULT_TIMEOUT_MS, 10, 60_000)),
                r.integer("fetch-max-bytes", "INTERLOCK_FETCH_MAX_BYTES", FetchSettings.DEFAULT_MAX_BYTES, 1024, 64L * 1024 * 1024),
                (int) r.integer("fetch-max-calls", "INTERLOCK_FETCH_MAX_CALLS", FetchSettings.DEFAULT_MAX_CALLS, 1, 100));
    }

    private static LogSettings logSettings(Reader r) {
        LogSettings d = LogSettings.defaults();
        LogSettings.Pii pii = r.choice("log-pii", "INTERLOCK_LOG_PII", d.pii(), LogSettings.Pii::parse, "full, masked or none");
        LogSettings.Sink sink = r.choice("log-sink", "INTERLOCK_LOG_SINK", d.sink(), LogSettings.Sink::parse, "stdout, file or none");
        Path file = d.file();
        Optional<String> rawFile = r.string("log-file").filter(s -> !s.isEmpty());
        if (rawFile.isPresent()) {
            try {
                file = Path.of(rawFile.get());
            } catch (java.nio.file.InvalidPathException e) {
                r.problem("INTERLOCK_LOG_FILE is not a valid path (got '" + rawFile.get() + "'): " + e.getReason());
            }
        }
        // The store keeps events in memory: a million events of a few KB each is already gigabytes.
        return new LogSettings(
                pii,
                (int) r.integer("decision-store-size", "INTERLOCK_DECISION_STORE_SIZE", d.storeSize(), 1, 1_000_000),
                r.bool("log-payloads", "INTERLOCK_LOG_PAYLOADS", d.payloads()),
                sink,
                file,
                (int) r.integer("log-file-max-mb", "INTERLOCK_LOG_FILE_MAX_MB", d.fileMaxMb(), 1, 10_240),
                (int) r.integer("log-file-keep", "INTERLOCK_LOG_FILE_KEEP", d.fileKeep(), 0, 1_000),
                store(r));
    }

    /** INTERLOCK_DECISION_DB and its companions; a URL is checked for its kind here, reached at start. */
    private static Store store(Reader r) {
        Store.Database d = Store.Database.DEFAULT;
        String url = r.string("decision-db").filter(s -> !s.isEmpty()).orElse(d.url());
        Optional<String> user = r.string("decision-db-user").filter(s -> !s.isEmpty());
        Optional<String> password = r.string("decision-db-password").filter(s -> !s.isEmpty());
        int retention = (int) r.integer("decision-retention-days", "INTERLOCK_DECISION_RETENTION_DAYS", d.retentionDays(), 0, 36_500);
        int buffer = (int) r.integer("decision-db-buffer", "INTERLOCK_DECISION_DB_BUFFER", d.buffer(), 100, 1_000_000);
        if (url.equalsIgnoreCase("none")) {
            return new Store.Memory();
        }
        String problem = DatabaseUrls.problem(url);
        if (problem != null) {
            r.problem("INTERLOCK_DECISION_DB " + problem + " (got '" + DatabaseUrls.redacted(url) + "')");
            return new Store.Memory();
        }
        Store.Database database = new Store.Database(url, user, password, retention, buffer);
        if (database.kind() != Store.Kind.POSTGRESQL && (user.isPresent() || password.isPresent())) {
            r.problem("INTERLOCK_DECISION_DB_USER and _PASSWORD are for PostgreSQL; INTERLOCK_DECISION_DB is "
                    + DatabaseUrls.redacted(url));
        }
        return database;
    }

    /** Reads interlock.* properties, collecting every problem before failing. */
    private static final class Reader {
        private final PropertyResolver properties;
        private final List<String> problems = new ArrayList<>();

        Reader(PropertyResolver properties) {
            this.properties = properties;
        }

        Optional<String> string(String key) {
            return properties.getProperty("interlock." + key, String.class).map(String::trim);
        }

        long integer(String key, String env, long fallback, long min, long max) {
            Optional<String> raw = string(key);
            if (raw.isEmpty() || raw.get().isEmpty()) {
                return fallback;
            }
            try {
                long value = Long.parseLong(raw.get());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.add(env + " must be a whole number from " + min + " to " + max + " (got '" + raw.get() + "')");
            return fallback;
        }

        boolean bool(String key, String env, boolean fallback) {
            Optional<String> raw = string(key);
            if (raw.isEmpty() || raw.get().isEmpty()) {
                return fallback;
            }
            switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
                case "true": return true;
                case "false": return false;
                default:
                    problems.add(env + " must be true or false (got '" + raw.get() + "')");
                    return fallback;
            }
        }

        OnError onError(String key, String env, OnError fallback) {
            Optional<String> raw = string(key);
            if (raw.isEmpty() || raw.get().isEmpty()) {
                return fallback;
            }
            Optional<OnError> parsed = OnError.parse(raw.get());
            if (parsed.isEmpty()) {
                problems.add(env + " must be deny, allow or error (got '" + raw.get() + "')");
            }
            return parsed.orElse(fallback);
        }

        <T> T choice(String key, String env, T fallback, java.util.function.Function<String, Optional<T>> parse,
                String allowed) {
            Optional<String> raw = string(key);
            if (raw.isEmpty() || raw.get().isEmpty()) {
                return fallback;
            }
            Optional<T> parsed = parse.apply(raw.get());
            if (parsed.isEmpty()) {
                problems.add(env + " must be " + allowed + " (got '" + raw.get() + "')");
            }
            return parsed.orElse(fallback);
        }

        void problem(String problem) {
            problems.add(problem);
        }

        void failIfInvalid() {
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
        }
    }
}
