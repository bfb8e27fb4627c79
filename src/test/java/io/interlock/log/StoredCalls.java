package io.interlock.log;

import io.interlock.config.LogSettings;
import io.interlock.config.Store;
import io.interlock.http.DecisionRecorder.Call;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Answered calls written to a decision database as the service writes them, for tools that read it back (replay). */
public final class StoredCalls {

    private StoredCalls() {}

    /** A new SQLite store's settings, a file in {@code dir}. */
    public static Store.Database sqlite(Path dir) {
        return TestDatabases.fresh(TestDatabases.Kind.SQLITE, dir);
    }

    /** Records {@code calls} in {@code database} with INTERLOCK_LOG_PAYLOADS {@code payloads} and INTERLOCK_LOG_PII {@code pii}. */
    public static void record(Store.Database database, boolean payloads, LogSettings.Pii pii, List<Call> calls) {
        LogSettings settings = new LogSettings(pii, 100, payloads, LogSettings.Sink.NONE, Path.of("unused.log"), 1, 1, database);
        DecisionLog log = new DecisionLog(settings, Sink.NONE, SqlStore.open(database, Clock.systemUTC()), Clock.systemUTC());
        try {
            calls.forEach(log::record);
            // A flush answers false at once while the writer reports a problem, such as a first
            // connection slower than its timeout on a busy machine, which it retries: wait for the state.
            io.interlock.testing.Await.until(Duration.ofSeconds(60), "the decisions stored",
                    () -> log.flush(Duration.ofSeconds(5)));
        } finally {
            log.close();
        }
    }
}
