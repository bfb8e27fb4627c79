package io.interlock.engine;

import io.interlock.json.StrictJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Readies a prepared chain before it serves. The trial runs each sample once on one context; the
 * warm-up then prepares every context the chain keeps (the first call must not wait for one, nor
 * share the cores with their preparation) and runs rounds over all of them, every sample on every
 * context, until the evaluations stop getting faster: the first real call is then no context's
 * first and takes no code path for the first time. Both run under the loading limits (a cold JVM
 * is slow) and record nothing: no decision, no metric, no request out.
 */
final class ChainWarmUp {

    /** One evaluation of a sample: on a context of the pool, or on one the warm-up holds. */
    interface Runner {
        EvaluationResult run(Sample sample);

        ChainRun.OnContext runOn(ChainContext context, Sample sample);
    }

    private ChainWarmUp() {}

    static Trial trial(List<Sample> samples, Duration budget, Runner runner) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<Trial.Outcome> outcomes = new ArrayList<>();
        for (Sample sample : samples) {
            if (System.nanoTime() - deadline > 0) {
                break;
            }
            EvaluationResult result = runner.run(sample);
            outcomes.add(new Trial.Outcome(sample, result));
            if (result.failure().filter(Trial::stoppedAtLimit).isPresent()) {
                break;
            }
        }
        return new Trial(outcomes, samples.size() - outcomes.size());
    }

    static WarmUp.Report warm(PreparedChain chain, List<Sample> samples, WarmUp.Plan plan, Runner runner) {
        long start = System.nanoTime();
        long deadline = start + plan.budget().toNanos();
        ContextPool pool = chain.contexts();
        if (!chain.loaded() || pool == null || samples.isEmpty()) {
            return WarmUp.Report.none();
        }
        boolean filled = pool.fill(deadline);
        int rounds = 0;
        int evaluations = 0;
        long best = Long.MAX_VALUE;
        boolean settled = false;
        while (rounds < plan.maxRounds() && !settled && System.nanoTime() - deadline < 0) {
            long[] nanos = round(pool, samples, runner);
            rounds++;
            evaluations += nanos.length;
            long median = median(nanos);
            // settled: at least the plan's minimum, and no longer a fifth faster than the best round before
            settled = rounds >= plan.minRounds() && median * 5 >= best * 4;
            best = Math.min(best, median);
        }
        boolean cutShort = !filled || (!settled && rounds < plan.maxRounds());
        return new WarmUp.Report(pool.target(), samples.size(), rounds, evaluations,
                Duration.ofNanos(System.nanoTime() - start), cutShort);
    }

    /** Every sample on every idle context; a context that hit a limit is retired at once. Returns each evaluation's time. */
    private static long[] round(ContextPool pool, List<Sample> samples, Runner runner) {
        List<ChainContext> held = pool.lendIdle(pool.target());
        long[] nanos = new long[held.size() * samples.size()];
        int n = 0;
        for (ChainContext context : held) {
            boolean healthy = true;
            for (int i = 0; i < samples.size() && healthy; i++) {
                long t = System.nanoTime();
                healthy = runner.runOn(context, samples.get(i)).healthy();
                nanos[n++] = System.nanoTime() - t;
            }
            pool.giveBack(context, healthy);
        }
        return Arrays.copyOf(nanos, n);
    }

    private static long median(long[] nanos) {
        if (nanos.length == 0) {
            return Long.MAX_VALUE;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The payload as the interceptor hands it to the engine: with the JSON text it was parsed from. */
    static String json(Sample sample) {
        try {
            return StrictJson.mapper().writeValueAsString(sample.payload());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("sample " + sample.name() + " cannot be serialised", e);
        }
    }
}
