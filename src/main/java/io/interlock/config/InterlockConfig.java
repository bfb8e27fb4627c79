package io.interlock.config;

import io.interlock.engine.Limits;
import io.interlock.fetch.Allowlist;
import io.interlock.fetch.FetchSettings;
import io.interlock.signature.SigningSecret;
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
        List<SigningSecret> signingSecrets,
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
        java.time.Duration warmUp,
        boolean guardM2mScope,
        LogSettings log,
        int dryRunWorkers,
        int dryRunQueue,
        FetchSettings fetch,
        StallSettings stalls,
        ShadowSettings shadow) {

    public InterlockConfig {
        signingSecrets = List.copyOf(signingSecrets);
    }

    public OnError onErrorFor(Trigger trigger) {
        return triggerOnError.getOrDefault(trigger, onError);
    }

    public static InterlockConfig from(PropertyResolver properties) {
        Reader r = new Reader(properties);
        long timeout = r.integer(Settings.TIMEOUT_MS);
        long memory = r.integer(Settings.MEMORY_MB);
        OnError onError = r.onError(Settings.ON_ERROR, OnError.DENY);
        Map<Trigger, Limits> triggerLimits = new EnumMap<>(Trigger.class);
        Map<Trigger, OnError> triggerOnError = new EnumMap<>(Trigger.class);
        for (Trigger t : Trigger.values()) {
            long tt = r.integer(Settings.forTrigger(Settings.TIMEOUT_MS, t), timeout);
            long tm = r.integer(Settings.forTrigger(Settings.MEMORY_MB, t), memory);
            if (tt != timeout || tm != memory) {
                triggerLimits.put(t, Limits.of(tt, tm));
            }
            OnError te = r.onError(Settings.forTrigger(Settings.ON_ERROR, t), onError);
            if (te != onError) {
                triggerOnError.put(t, te);
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        ServerSettings.check(r);
        PoliciesVersion.check(r);
        InterlockConfig config = new InterlockConfig(
                r.string(Settings.POLICIES).filter(s -> !s.isEmpty()).map(s -> r.path(Settings.POLICIES, s)),
                r.signingSecrets(),
                r.bool(Settings.ALLOW_UNSIGNED, false),
                r.adminToken(),
                Limits.of(timeout, memory),
                triggerLimits,
                onError,
                triggerOnError,
                (int) r.integer(Settings.MAX_BODY_KB) * 1024,
                (int) r.integer(Settings.WORKERS, cores),
                (int) r.integer(Settings.QUEUE, Math.max(256, cores * 64L)),
                r.bool(Settings.RELOAD, true),
                java.time.Duration.ofSeconds(r.integer(Settings.WARM_UP_SECONDS)),
                r.bool(Settings.M2M_SCOPE_GUARD, true),
                logSettings(r),
                // Dry runs have their own few workers: a flood of them must not take the interceptor's.
                (int) r.integer(Settings.DRY_RUN_WORKERS, Math.max(1, cores / 2)),
                (int) r.integer(Settings.DRY_RUN_QUEUE),
                fetchSettings(r),
                stallSettings(r, cores),
                shadowSettings(r, cores));
        r.failIfInvalid();
        return config;
    }

    private static ShadowSettings shadowSettings(Reader r, int cores) {
        ShadowSettings d = ShadowSettings.defaults(cores);
        return new ShadowSettings((int) r.integer(Settings.SHADOW_WORKERS, d.workers()),
                (int) r.integer(Settings.SHADOW_QUEUE, d.queue()));
    }

    /**
     * The decision log's settings alone, checked as at start: for {@code interlock replay}, which
     * reads the database the service writes without needing the rest of its settings.
     */
    public static LogSettings logFrom(PropertyResolver properties) {
        Reader r = new Reader(properties);
        LogSettings log = logSettings(r);
        r.failIfInvalid();
        return log;
    }

    private static StallSettings stallSettings(Reader r, int cores) {
        StallSettings d = StallSettings.defaults(cores);
        return new StallSettings(
                (int) r.integer(Settings.STUCK_PER_TRIGGER, d.perTrigger()),
                (int) r.integer(Settings.STUCK_MAX, d.maxStuck()),
                java.time.Duration.ofSeconds(r.integer(Settings.QUARANTINE_SECONDS, d.coolDown().toSeconds())));
    }

    private static FetchSettings fetchSettings(Reader r) {
        Allowlist allow = Allowlist.none();
        try {
            allow = Allowlist.parse(r.string(Settings.FETCH_ALLOW).orElse(""));
        } catch (IllegalArgumentException e) {
            r.problem(e.getMessage());
        }
        return FetchSettings.defaults().withAllow(allow).withLimits(
                java.time.Duration.ofMillis(r.integer(Settings.FETCH_TIMEOUT_MS)),
                r.integer(Settings.FETCH_MAX_BYTES),
                (int) r.integer(Settings.FETCH_MAX_CALLS));
    }

    private static LogSettings logSettings(Reader r) {
        LogSettings d = LogSettings.defaults();
        LogSettings.Pii pii = r.choice(Settings.LOG_PII, d.pii(), LogSettings.Pii::parse, "full, masked or none");
        LogSettings.Sink sink = r.choice(Settings.LOG_SINK, d.sink(), LogSettings.Sink::parse, "stdout, file or none");
        Path file = r.string(Settings.LOG_FILE).filter(s -> !s.isEmpty()).map(s -> r.path(Settings.LOG_FILE, s))
                .orElse(d.file());
        // The store keeps events in memory: a million events of a few KB each is already gigabytes.
        return new LogSettings(
                pii,
                (int) r.integer(Settings.DECISION_STORE_SIZE),
                r.bool(Settings.LOG_PAYLOADS, d.payloads()),
                sink,
                file,
                (int) r.integer(Settings.LOG_FILE_MAX_MB),
                (int) r.integer(Settings.LOG_FILE_KEEP),
                store(r));
    }

    /** INTERLOCK_DECISION_DB and its companions; a URL is checked for its kind here, reached at start. */
    private static Store store(Reader r) {
        Store.Database d = Store.Database.DEFAULT;
        String url = r.string(Settings.DECISION_DB).filter(s -> !s.isEmpty()).orElse(d.url());
        Optional<String> user = r.string(Settings.DECISION_DB_USER).filter(s -> !s.isEmpty());
        Optional<String> password = r.string(Settings.DECISION_DB_PASSWORD).filter(s -> !s.isEmpty());
        int retention = (int) r.integer(Settings.DECISION_RETENTION_DAYS);
        int buffer = (int) r.integer(Settings.DECISION_DB_BUFFER);
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
            List<String> set = new ArrayList<>();
            user.ifPresent(u -> set.add(Settings.DECISION_DB_USER.env()));
            password.ifPresent(p -> set.add(Settings.DECISION_DB_PASSWORD.env()));
            r.problem(String.join(" and ", set) + (set.size() == 1 ? " is" : " are") + " for PostgreSQL, and "
                    + "INTERLOCK_DECISION_DB is " + DatabaseUrls.redacted(url) + ": unset " + (set.size() == 1 ? "it" : "them")
                    + ", or point INTERLOCK_DECISION_DB at PostgreSQL");
        }
        return database;
    }

    /** Reads the settings' properties, collecting every problem before failing. */
    static final class Reader {
        private final PropertyResolver properties;
        private final List<String> problems = new ArrayList<>();

        Reader(PropertyResolver properties) {
            this.properties = properties;
        }

        Optional<String> string(Setting setting) {
            return properties.getProperty(setting.property(), String.class).map(String::trim);
        }

        /** A number setting whose default is the constant the catalog shows. */
        long integer(Setting setting) {
            return integer(setting, Long.parseLong(setting.fallback()));
        }

        long integer(Setting setting, long fallback) {
            Optional<String> raw = string(setting);
            if (raw.isEmpty() || raw.get().isEmpty()) {
                return fallback;
            }
            Setting.Range range = setting.range().orElseThrow();
            try {
                long value = Long.parseLong(raw.get());
                if (range.contains(value)) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.add(setting.env() + " must be a whole number from " + range.min() + " to " + range.max()
                    + " (got '" + raw.get() + "')");
            return fallback;
        }

        boolean bool(Setting setting, boolean fallback) {
            Optional<String> raw = string(setting);
            if (raw.isEmpty() || raw.get().isEmpty()) {
                return fallback;
            }
            switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
                case "true": return true;
                case "false": return false;
                default:
                    problems.add(setting.env() + " must be true or false (got '" + raw.get() + "')");
                    return fallback;
            }
        }

        OnError onError(Setting setting, OnError fallback) {
            return choice(setting, fallback, OnError::parse, "deny, allow or error");
        }

        <T> T choice(Setting setting, T fallback, java.util.function.Function<String, Optional<T>> parse, String allowed) {
            Optional<String> raw = string(setting);
            if (raw.isEmpty() || raw.get().isEmpty()) {
                return fallback;
            }
            Optional<T> parsed = parse.apply(raw.get());
            if (parsed.isEmpty()) {
                problems.add(setting.env() + " must be " + allowed + " (got '" + raw.get() + "')");
            }
            return parsed.orElse(fallback);
        }

        /** A path the operator gave; null (with the problem noted) when the text cannot be one. */
        Path path(Setting setting, String text) {
            try {
                return Path.of(text);
            } catch (java.nio.file.InvalidPathException e) {
                problems.add(setting.env() + " is not a valid path (got '" + text + "'): " + e.getReason());
                return null;
            }
        }

        /**
         * Parsed now, not when the first call needs them: a malformed secret must stop the start,
         * not start a service that answers every call with an error. Never repeats the text.
         */
        List<SigningSecret> signingSecrets() {
            try {
                return SigningSecret.parseList(string(Settings.SIGNING_SECRETS).orElse(""));
            } catch (IllegalArgumentException e) {
                problems.add(Settings.SIGNING_SECRETS.env() + ": " + e.getMessage()
                        + "; copy the interceptor's secret from the platform dashboard as it is shown");
                return List.of();
            }
        }

        /**
         * A token an HTTP client can send (visible ASCII, no spaces) and long enough not to be
         * guessed: a token no header can carry would lock the operator out, a short one lets others in.
         */
        Optional<String> adminToken() {
            Optional<String> token = string(Settings.ADMIN_TOKEN).filter(s -> !s.isBlank());
            token.filter(t -> !AdminTokens.acceptable(t)).ifPresent(t -> problems.add(AdminTokens.problem(t)));
            return token.filter(AdminTokens::acceptable);
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
