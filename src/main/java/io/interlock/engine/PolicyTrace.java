package io.interlock.engine;

import io.interlock.fetch.FetchCall;
import java.util.List;

/** What one policy of a chain did during an evaluation, with the fetch() calls it made. */
public record PolicyTrace(String policy, Outcome outcome, double durationMs, List<String> console, List<FetchCall> fetches) {

    public PolicyTrace {
        console = List.copyOf(console);
        fetches = List.copyOf(fetches);
    }

    /** A policy that made no fetch() call. */
    public PolicyTrace(String policy, Outcome outcome, double durationMs, List<String> console) {
        this(policy, outcome, durationMs, console, List.of());
    }

    public enum Outcome {
        ALLOW, DENY, ERROR, SKIPPED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
