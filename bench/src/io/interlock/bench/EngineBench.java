package io.interlock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.engine.EngineSettings;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PolicySource;
import io.interlock.engine.PreparedChain;
import io.interlock.trigger.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Engine-only benchmark: one thread, the reference policy, the seed PRE_SIGNUP payload, through
 * Interlock's public engine API only (create, prepare, evaluate). A warm-up until the rate
 * settles, then a timed measured phase recording every evaluation's latency.
 *
 * <p>Usage: {@code EngineBench <policy.js> <payload.json> <max-warmup-seconds> <measure-seconds> [min-warmup-seconds]}:
 * warm-up until the rate settles (two 5 s windows within 10 %), between min (10) and max seconds.
 * Prints a human summary, then one line {@code RESULT k=v ...} that bench/engine parses.
 * Exits 1 when the policy does not produce the expected decision (so a broken setup never
 * reports a figure).
 */
public final class EngineBench {

    private static String BODY;
    /**
     * -Dbench.shapes=unique: every evaluation gets a payload of a shape no other has (one more key
     * in the user's metadata), cycling through 20,000 of them, so no shape ever recurs often enough
     * for a payload builder (PayloadShapes): the worst case of the hand-over, JSON.parse every time
     * plus the shape walk. Each is parsed from its text just before its evaluation, as the service
     * parses a request (20,000 trees kept parsed would make every walk a cache miss no request
     * sees), so these figures include Jackson's parse. Default "one": the seed payload every time,
     * parsed once, as the peer gets it.
     */
    private static JsonNode[] TREES;
    private static String[] BODIES;

    private static final String EXPECTED =
            "{\"decision\":\"ALLOW\",\"response\":{\"create_organization_membership\":"
                    + "{\"organization_id\":\"org_102953846317318346\",\"roles\":[\"admin\"]}}}";

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: EngineBench <policy.js> <payload.json> <max-warmup-seconds> <measure-seconds> [min-warmup-seconds]");
            System.exit(2);
        }
        Path policyFile = Path.of(args[0]);
        ObjectMapper json = new ObjectMapper();
        // The payload as a request brings it: the body's text and its parse, as the interceptor URL
        // hands them to the engine (and as the peer's engine.js gets the body as a string).
        BODY = Files.readString(Path.of(args[1]));
        JsonNode payload = json.readTree(BODY);
        variants(json, payload, "unique".equals(System.getProperty("bench.shapes", "one")) ? 20_000 : 1);
        System.out.printf("shapes    %s (%d payloads)%n", TREES.length == 1 ? "one" : "unique", TREES.length);
        double warmupSeconds = Double.parseDouble(args[2]);
        double measureSeconds = Double.parseDouble(args[3]);
        double minWarmupSeconds = args.length > 4 ? Double.parseDouble(args[4]) : 10;

        String jit = JitProbe.describe();
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
        System.out.printf("JDK   %s (%s)%n", jdk, System.getProperty("java.home"));
        System.out.printf("JIT   %s%n", jit);

        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults())) {
            PreparedChain chain = engine.prepare(Trigger.PRE_SIGNUP,
                    List.of(new PolicySource(policyFile.getFileName().toString(), Files.readString(policyFile))), null);
            if (!chain.loaded()) {
                System.err.println("the reference policy did not load: " + chain.loadErrors());
                System.exit(1);
            }
            // The first evaluation on a cold JVM shows what a request would see without warm-up
            // (on JDK 25 the Graal compiler itself is still cold and may exceed the time limit).
            long firstStart = System.nanoTime();
            String first = wire(json, engine.evaluate(chain, payload, BODY));
            System.out.printf(Locale.ROOT, "first     %.1f ms: %s%n", (System.nanoTime() - firstStart) / 1e6, first);

            // Warm-up in 5 s windows until the JIT has settled: two consecutive windows agree within
            // 10 % and Truffle's compiler threads used under 5 % of a core in the last one; at
            // least minWarmup, at most warmupSeconds. The curve is printed: on JDK 25 it shows how
            // long the Graal compiler takes to reach the steady state.
            long warmStart = System.nanoTime();
            long warmCount = 0;
            long failures = 0;
            double previous = -1;
            StringBuilder curve = new StringBuilder();
            java.util.Map<Long, Long> compilerThreads = new java.util.HashMap<>();
            compilerCpuDelta(compilerThreads);
            while (true) {
                long windowStart = System.nanoTime();
                long windowEnd = windowStart + 5_000_000_000L;
                long count = 0;
                while (System.nanoTime() - windowEnd < 0) {
                    int k = (int) ((warmCount + count) % TREES.length);
                    if (engine.evaluate(chain, tree(k), BODIES[k]).failed()) {
                        failures++;
                    }
                    count++;
                }
                warmCount += count;
                double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
                double rate = count / windowSeconds;
                double elapsed = (System.nanoTime() - warmStart) / 1e9;
                double compilerShare = compilerCpuDelta(compilerThreads) / 1e9 / windowSeconds;
                curve.append(String.format(Locale.ROOT, " %.0f(jit %.0f%%)", rate, 100 * compilerShare));
                boolean settled = previous > 0 && Math.abs(rate - previous) <= 0.10 * previous && compilerShare < 0.05;
                previous = rate;
                if ((settled && elapsed >= minWarmupSeconds) || elapsed >= warmupSeconds) {
                    System.out.printf(Locale.ROOT, "warm-up   %.0f s, %d evaluations, %d failed, %s%n", elapsed, warmCount,
                            failures, settled ? "settled" : "NOT settled (hit the maximum)");
                    break;
                }
            }
            System.out.println("warm-up curve (evaluations/s per 5 s window, CPU of Truffle's compiler threads):" + curve);
            checkDecision(json, engine, chain, payload);
            failures = 0;

            // One thread by default (the figure issue 7 asks for); -Dbench.threads=N runs N threads
            // on the same engine and chain, to see what concurrency costs.
            int threadCount = Integer.getInteger("bench.threads", 1);
            long start = System.nanoTime();
            long end = start + (long) (measureSeconds * 1e9);
            Measured[] parts = new Measured[threadCount];
            Thread[] workers = new Thread[threadCount];
            for (int t = 0; t < threadCount; t++) {
                int slot = t;
                workers[t] = new Thread(() -> parts[slot] = measure(engine, chain, payload, end), "bench-" + t);
                workers[t].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            long finished = System.nanoTime();
            int n = 0;
            for (Measured part : parts) {
                n += part.count;
                failures += part.failures;
            }
            long[] latencies = new long[n];
            int at = 0;
            for (Measured part : parts) {
                System.arraycopy(part.latencies, 0, latencies, at, part.count);
                at += part.count;
            }
            double elapsed = (finished - start) / 1e9;
            checkDecision(json, engine, chain, payload);
            Arrays.sort(latencies, 0, n);
            double rate = n / elapsed;
            double p50 = micros(latencies, n, 0.50), p90 = micros(latencies, n, 0.90), p99 = micros(latencies, n, 0.99);
            double max = latencies[n - 1] / 1e3;
            System.out.printf(Locale.ROOT, "measured  %.1f s, %d evaluations, %d failed, %d thread(s)%n", elapsed, n, failures,
                    threadCount);
            System.out.printf(Locale.ROOT, "rate      %.0f evaluations/s%n", rate);
            System.out.printf(Locale.ROOT, "latency   p50 %.1f µs  p90 %.1f µs  p99 %.1f µs  max %.1f µs%n", p50, p90, p99, max);
            System.out.printf(Locale.ROOT,
                    "RESULT jdk=%s jit=%s evals=%d seconds=%.2f rate=%.0f p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f failed=%d%n",
                    Runtime.version().toString().replace(' ', '_'), jit.startsWith("on") ? "on" : "off", n, elapsed, rate,
                    p50, p90, p99, max, failures);
            if (failures > 0) {
                System.out.println("WARNING: " + failures + " evaluations failed (a time limit hit on a busy machine is the usual"
                        + " cause); the figures include them");
            }
        }
    }

    private static final ObjectMapper READER = new ObjectMapper();

    private static JsonNode tree(int k) {
        if (TREES.length == 1) {
            return TREES[0];
        }
        try {
            return READER.readTree(BODIES[k]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void variants(ObjectMapper json, JsonNode seed, int count) throws Exception {
        TREES = new JsonNode[count];
        BODIES = new String[count];
        for (int i = 0; i < count; i++) {
            JsonNode tree = seed.deepCopy();
            if (count > 1) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("data").path("user").path("metadata")).put("k" + i, i);
            }
            TREES[i] = tree;
            BODIES[i] = count > 1 ? json.writeValueAsString(tree) : BODY;
        }
    }

    private record Measured(long[] latencies, int count, long failures) {}

    private static Measured measure(PolicyEngine engine, PreparedChain chain, JsonNode payload, long end) {
        long[] latencies = new long[1 << 20];
        int n = 0;
        long failures = 0;
        long now = System.nanoTime();
        while (now - end < 0) {
            long t0 = now;
            int k = n % TREES.length;
            EvaluationResult result = engine.evaluate(chain, tree(k), BODIES[k]);
            now = System.nanoTime();
            if (result.failed()) {
                failures++;
            }
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = now - t0;
        }
        return new Measured(latencies, n, failures);
    }

    /**
     * Exits 1 when the chain answers anything but the expected decision. A time-limit failure is
     * retried a few times: on a machine shared with other builds one evaluation may miss 500 ms.
     */
    private static void checkDecision(ObjectMapper json, PolicyEngine engine, PreparedChain chain, JsonNode payload)
            throws Exception {
        String got = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            EvaluationResult result = engine.evaluate(chain, payload, BODY);
            got = wire(json, result);
            if (EXPECTED.equals(got)) {
                return;
            }
            if (!result.failed() || !result.failure().get().code().name().equals("POLICY_TIMEOUT")) {
                break;
            }
        }
        System.err.println("unexpected decision: " + got + "\nexpected:            " + EXPECTED);
        System.exit(1);
    }

    /**
     * CPU time of Truffle's compiler threads since the previous call (none on the interpreter-only
     * runtime). Per thread, because idle compiler threads end and take their counters with them.
     */
    private static long compilerCpuDelta(java.util.Map<Long, Long> last) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<Long, Long> now = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("TruffleCompilerThread")) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    now.put(info.getThreadId(), cpu);
                }
            }
        }
        long delta = 0;
        for (var e : now.entrySet()) {
            delta += e.getValue() - last.getOrDefault(e.getKey(), 0L);
        }
        last.clear();
        last.putAll(now);
        return delta;
    }

    private static String wire(ObjectMapper json, EvaluationResult result) throws Exception {
        if (result.failed()) {
            return "failure " + result.failure().get();
        }
        return json.writeValueAsString(result.response().orElseThrow().toWire());
    }

    private static double micros(long[] sorted, int n, double q) {
        int index = (int) Math.ceil(q * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, index))] / 1e3;
    }
}
