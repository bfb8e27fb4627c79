package io.interlock.engine;

import java.util.List;

/** What one policy of a chain did during an evaluation. */
public record PolicyTrace(String policy, Outcome outcome, double durationMs, List<String> console) {

    public enum Outcome {
        ALLOW, DENY, ERROR, SKIPPED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
