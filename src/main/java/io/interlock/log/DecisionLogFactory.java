package io.interlock.log;

import io.interlock.config.InterlockConfig;
import io.interlock.config.InvalidConfigException;
import io.interlock.config.LogSettings;
import io.interlock.config.Store;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/** Builds the decision log from the validated settings. */
@Factory
final class DecisionLogFactory {

    /**
     * Created with the context (not on the first call) so an unwritable INTERLOCK_LOG_FILE or an
     * unusable INTERLOCK_DECISION_DB stops the start; closed with it so events queued for the
     * sink and the database are written before the process exits.
     */
    @Context
    @Bean(preDestroy = "close")
    DecisionLog decisionLog(InterlockConfig config) {
        LogSettings settings = config.log();
        Sink sink = sink(settings);
        DecisionStore store = store(settings, Clock.systemUTC());
        return new DecisionLog(settings, sink, store, Clock.systemUTC());
    }

    static DecisionStore store(LogSettings settings, Clock clock) {
        if (settings.store() instanceof Store.Database database) {
            return SqlStore.open(database, clock);
        }
        return new MemoryStore(settings.storeSize());
    }

    static Sink sink(LogSettings settings) {
        return switch (settings.sink()) {
            case NONE -> Sink.NONE;
            case STDOUT -> new StdoutSink(System.out);
            case FILE -> {
                try {
                    yield new FileSink(settings.file(), settings.fileMaxMb() * 1024L * 1024L, settings.fileKeep());
                } catch (IOException | SecurityException e) {
                    throw new InvalidConfigException(List.of("INTERLOCK_LOG_FILE: cannot write the decision log to "
                            + settings.file().toAbsolutePath() + ": " + e));
                }
            }
        };
    }
}
