package io.interlock.config;

import io.interlock.fetch.FetchSettings;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every setting an operator can give, in the order of README.md's Configuration table. The
 * configuration reads its names and ranges from here and {@code interlock help} prints this list,
 * so neither can drift from the other; a test holds the README's table to it.
 */
public final class Settings {

    private Settings() {}

    public static final Setting POLICIES = Setting.of("INTERLOCK_POLICIES",
            "policies (else the examples packaged in the jar)", "the policies folder");
    public static final Setting POLICIES_VERSION = Setting.of("INTERLOCK_POLICIES_VERSION",
            "the first line of the folder's VERSION file, else none",
            "the policies' version label each decision records (e.g. the git commit deployed)");
    public static final Setting SIGNING_SECRETS = Setting.of("INTERLOCK_SIGNING_SECRETS", "none",
            "the interceptor's whsec_... or insec_... secrets, comma-separated");
    public static final Setting ALLOW_UNSIGNED = Setting.of("INTERLOCK_ALLOW_UNSIGNED", "false",
            "accept unsigned calls (development only)");
    public static final Setting ADMIN_TOKEN = Setting.of("INTERLOCK_ADMIN_TOKEN", "none (local callers only)",
            "Bearer token for /v1/evaluate, /v1/decisions, /v1/policies");
    public static final Setting TIMEOUT_MS = Setting.number("INTERLOCK_TIMEOUT_MS", 10, 60_000, "500",
            "time limit of one evaluation of a chain, ms");
    public static final Setting MEMORY_MB = Setting.number("INTERLOCK_MEMORY_MB", 8, 16_384, "256",
            "memory budget of one evaluation of a chain, MB");
    public static final Setting ON_ERROR = Setting.of("INTERLOCK_ON_ERROR", "deny",
            "answer when a policy fails: deny, allow or error (HTTP 503)");
    public static final Setting TRIGGER_TIMEOUT_MS = perTrigger(TIMEOUT_MS);
    public static final Setting TRIGGER_MEMORY_MB = perTrigger(MEMORY_MB);
    public static final Setting TRIGGER_ON_ERROR = perTrigger(ON_ERROR);
    public static final Setting MAX_BODY_KB = Setting.number("INTERLOCK_MAX_BODY_KB", 1, 10_240, "256",
            "interceptor body cap, KB; larger bodies get 413");
    public static final Setting WORKERS = Setting.number("INTERLOCK_WORKERS", 1, 256, "CPU cores", "evaluation threads");
    public static final Setting QUEUE = Setting.number("INTERLOCK_QUEUE", 0, 100_000, "64 x cores, at least 256",
            "calls that may wait for a worker; beyond that 503");
    public static final Setting STUCK_PER_TRIGGER = Setting.number("INTERLOCK_STUCK_PER_TRIGGER", 1, 1_000,
            "half the cores, at least 2", "different inputs of one trigger that may be stuck at once in a built-in");
    public static final Setting STUCK_MAX = Setting.number("INTERLOCK_STUCK_MAX", 1, 10_000, "2 x cores",
            "evaluation threads that may be stuck at once in a built-in");
    public static final Setting QUARANTINE_SECONDS = Setting.number("INTERLOCK_QUARANTINE_SECONDS", 0, 86_400, "60",
            "how long an input that stalled stays quarantined after its thread came out, s");
    public static final Setting DRY_RUN_WORKERS = Setting.number("INTERLOCK_DRY_RUN_WORKERS", 1, 64,
            "half the cores, at least 1", "threads for /v1/evaluate dry runs");
    public static final Setting DRY_RUN_QUEUE = Setting.number("INTERLOCK_DRY_RUN_QUEUE", 0, 1_000, "8",
            "dry runs that may wait; beyond that 503");
    public static final Setting SHADOW_WORKERS = Setting.number("INTERLOCK_SHADOW_WORKERS", 1, 64,
            "half the cores, at least 1", "threads that run shadow chains (<trigger>/shadow/) after the live answer");
    public static final Setting SHADOW_QUEUE = Setting.number("INTERLOCK_SHADOW_QUEUE", 0, 100_000, "64",
            "shadow runs that may wait; beyond that the shadow run is skipped and counted");
    public static final Setting M2M_SCOPE_GUARD = Setting.of("INTERLOCK_M2M_SCOPE_GUARD", "true",
            "refuse an M2M scope wider than the one requested");
    public static final Setting FETCH_ALLOW = Setting.of("INTERLOCK_FETCH_ALLOW", "none",
            "hosts fetch() may call: host[:port] or *.domain[:port], comma-separated");
    public static final Setting FETCH_TIMEOUT_MS = Setting.number("INTERLOCK_FETCH_TIMEOUT_MS", 10, 60_000,
            Long.toString(FetchSettings.DEFAULT_TIMEOUT_MS), "longest fetch() call, ms");
    public static final Setting FETCH_MAX_BYTES = Setting.number("INTERLOCK_FETCH_MAX_BYTES", 1024, 64L * 1024 * 1024,
            Long.toString(FetchSettings.DEFAULT_MAX_BYTES), "largest fetch() body read or sent, bytes");
    public static final Setting FETCH_MAX_CALLS = Setting.number("INTERLOCK_FETCH_MAX_CALLS", 1, 100,
            Integer.toString(FetchSettings.DEFAULT_MAX_CALLS), "fetch() calls per evaluation of a chain");
    public static final Setting ACTION_SECRET = new Setting("INTERLOCK_SECRET_<NAME>", "", "none",
            "an Auth0 Action's event.secrets.<NAME>, never logged", java.util.Optional.empty());
    public static final Setting ACTION_OWN_SECRET = new Setting("INTERLOCK_ACTION_<FILE>_SECRET_<NAME>", "", "none",
            "one Auth0 Action's own event.secrets.<NAME> (FILE: its file name without .js, in capitals, _ for other characters)",
            java.util.Optional.empty());
    public static final Setting SECRETS_FILE = Setting.of("INTERLOCK_SECRETS_FILE", "none",
            "a JSON file of more Action secrets {\"NAME\": \"value\", \"pre-signup/30-x.js\": {\"NAME\": \"value\"}}");
    public static final Setting RELOAD = Setting.of("INTERLOCK_RELOAD", "true", "hot reload of the policies folder");
    public static final Setting WARM_UP_SECONDS = Setting.number("INTERLOCK_WARM_UP_SECONDS", 0, 3_600, "60",
            "longest the start-up warm-up may take before readiness turns UP, s; 0: no warm-up");
    public static final Setting LOG_PII = Setting.of("INTERLOCK_LOG_PII", "masked",
            "personal data in the decision log: full, masked or none");
    public static final Setting DECISION_DB = Setting.of("INTERLOCK_DECISION_DB", Store.Database.DEFAULT_URL,
            "the decision store: jdbc:sqlite:<file>, jdbc:postgresql://host/db or none");
    public static final Setting DECISION_DB_USER = Setting.of("INTERLOCK_DECISION_DB_USER", "none", "PostgreSQL's user");
    public static final Setting DECISION_DB_PASSWORD = Setting.of("INTERLOCK_DECISION_DB_PASSWORD", "none",
            "PostgreSQL's password");
    public static final Setting DECISION_RETENTION_DAYS = Setting.number("INTERLOCK_DECISION_RETENTION_DAYS", 0, 36_500,
            Integer.toString(Store.Database.DEFAULT_RETENTION_DAYS), "days decisions are kept; 0 keeps them forever");
    public static final Setting DECISION_DB_BUFFER = Setting.number("INTERLOCK_DECISION_DB_BUFFER", 100, 1_000_000,
            Integer.toString(Store.Database.DEFAULT_BUFFER), "decisions waiting while the database is slow or down");
    public static final Setting DECISION_STORE_SIZE = Setting.number("INTERLOCK_DECISION_STORE_SIZE", 1, 1_000_000,
            Integer.toString(LogSettings.DEFAULT_STORE_SIZE), "decisions kept in memory with INTERLOCK_DECISION_DB=none");
    public static final Setting LOG_PAYLOADS = Setting.of("INTERLOCK_LOG_PAYLOADS", "false",
            "keep the (masked) payload with each decision");
    public static final Setting LOG_SINK = Setting.of("INTERLOCK_LOG_SINK", "stdout",
            "where each decision goes as a JSON line: stdout, file or none");
    public static final Setting LOG_FILE = Setting.of("INTERLOCK_LOG_FILE", "interlock-decisions.log", "the file sink");
    public static final Setting LOG_FILE_MAX_MB = Setting.number("INTERLOCK_LOG_FILE_MAX_MB", 1, 10_240, "50",
            "the file's size before it is rotated, MB");
    public static final Setting LOG_FILE_KEEP = Setting.number("INTERLOCK_LOG_FILE_KEEP", 0, 1_000, "5",
            "rotated files kept");
    public static final Setting SERVER_PORT = Setting.micronaut("MICRONAUT_SERVER_PORT", "8080", "HTTP port (1-65535)");
    public static final Setting SERVER_HOST = Setting.micronaut("MICRONAUT_SERVER_HOST", "every interface (0.0.0.0)",
            "the address to listen on, e.g. 127.0.0.1");
    public static final Setting JAVA_HOME = Setting.launcher("INTERLOCK_JAVA_HOME", "the best JDK found",
            "the JDK bin/interlock runs");
    public static final Setting JAVA_OPTS = Setting.launcher("INTERLOCK_JAVA_OPTS", "none",
            "extra JVM options for bin/interlock");

    /** In the README's order. */
    public static final List<Setting> ALL = List.of(POLICIES, POLICIES_VERSION, SIGNING_SECRETS, ALLOW_UNSIGNED, ADMIN_TOKEN, TIMEOUT_MS,
            MEMORY_MB, ON_ERROR, TRIGGER_TIMEOUT_MS, TRIGGER_MEMORY_MB, TRIGGER_ON_ERROR, MAX_BODY_KB, WORKERS, QUEUE,
            STUCK_PER_TRIGGER, STUCK_MAX, QUARANTINE_SECONDS, DRY_RUN_WORKERS, DRY_RUN_QUEUE, SHADOW_WORKERS, SHADOW_QUEUE,
            M2M_SCOPE_GUARD, FETCH_ALLOW, FETCH_TIMEOUT_MS, FETCH_MAX_BYTES,
            FETCH_MAX_CALLS, ACTION_SECRET, ACTION_OWN_SECRET, SECRETS_FILE, RELOAD, WARM_UP_SECONDS, LOG_PII, DECISION_DB, DECISION_DB_USER,
            DECISION_DB_PASSWORD, DECISION_RETENTION_DAYS, DECISION_DB_BUFFER, DECISION_STORE_SIZE, LOG_PAYLOADS,
            LOG_SINK, LOG_FILE, LOG_FILE_MAX_MB, LOG_FILE_KEEP, SERVER_PORT, SERVER_HOST, JAVA_HOME, JAVA_OPTS);

    /** A trigger's override of a global setting: INTERLOCK_PRE_SIGNUP_TIMEOUT_MS, interlock.pre-signup.timeout-ms. */
    public static Setting forTrigger(Setting global, Trigger trigger) {
        return global.renamed(global.env().replace("INTERLOCK_", "INTERLOCK_" + trigger.name() + "_"),
                "interlock." + trigger.folder() + "." + global.key());
    }

    private static Setting perTrigger(Setting global) {
        return new Setting(global.env().replace("INTERLOCK_", "INTERLOCK_<TRIGGER>_"), "", "the global value",
                "per trigger, e.g. INTERLOCK_PRE_SIGNUP_" + global.env().substring("INTERLOCK_".length()), global.range());
    }

    /** The settings as {@code interlock help} lists them: name, range and default, then the meaning below. */
    public static List<String> helpLines() {
        return ALL.stream().flatMap(s -> Stream.of("  " + s.env() + " (" + s.rangeText() + "default: " + s.fallback() + ")",
                "      " + s.meaning())).toList();
    }
}
