package io.interlock.engine;

import java.time.Duration;

/** How long a chain is warmed ({@link Plan}) and what the warm-up did ({@link Report}). */
public final class WarmUp {

    private WarmUp() {}

    /**
     * Rounds over every context of the chain, each running every sample once: at least
     * {@code minRounds}, then until a round is no longer a fifth faster than the best before it,
     * at most {@code maxRounds}, and never past {@code budget}.
     */
    public record Plan(int minRounds, int maxRounds, Duration budget) {
        public Plan {
            if (minRounds < 0 || maxRounds < minRounds) {
                throw new IllegalArgumentException("rounds: 0 <= min <= max");
            }
        }

        /**
         * At start, before the service reports ready: until the evaluations stop getting faster.
         * Three rounds at least: every context runs every sample several times, so the first real
         * call is no context's and no code path's first.
         */
        public static Plan atStart(Duration budget) {
            return new Plan(3, 30, budget);
        }

        /** A reloaded chain, while the last one keeps serving: its contexts prepared and each run once. */
        public static Plan afterReload(Duration budget) {
            return new Plan(1, 1, budget);
        }
    }

    /**
     * {@code contexts}: how many ran the samples; {@code cutShort}: the budget ran out first (or
     * not every context could be prepared in it).
     */
    public record Report(int contexts, int samples, int rounds, int evaluations, Duration took, boolean cutShort) {
        static Report none() {
            return new Report(0, 0, 0, 0, Duration.ZERO, false);
        }
    }
}
