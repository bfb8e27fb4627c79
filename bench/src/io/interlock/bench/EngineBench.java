package io.interlock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.engine.EngineSettings;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PolicySource;
import io.interlock.engine.PreparedChain;
import io.interlock.trigger.Trigger;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.graalvm.polyglot.Engine;

/**
 * Engine-only benchmark: one thread, the reference policy, the seed PRE_SIGNUP payload, through
 * Interlock's public engine API only (create, prepare, evaluate). A timed warm-up, then a timed
 * measured phase recording every evaluation's latency.
 *
 * <p>Usage: {@code EngineBench <policy.js> <payload.json> <warmup-seconds> <measure-seconds>}.
 * Prints a human summary, then one line {@code RESULT k=v ...} that bench/engine parses.
 * Exits 1 when the policy does not produce the expected decision (so a broken setup never
 * reports a figure).
 */
public final class EngineBench {

    private static final String EXPECTED =
            "{\"decision\":\"ALLOW\",\"response\":{\"create_organization_membership\":"
                    + "{\"organization_id\":\"org_102953846317318346\",\"roles\":[\"admin\"]}}}";

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: EngineBench <policy.js> <payload.json> <warmup-seconds> <measure-seconds>");
            System.exit(2);
        }
        Path policyFile = Path.of(args[0]);
        ObjectMapper json = new ObjectMapper();
        JsonNode payload = json.readTree(Files.readAllBytes(Path.of(args[1])));
        double warmupSeconds = Double.parseDouble(args[2]);
        double measureSeconds = Double.parseDouble(args[3]);

        String jit = probeJit();
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
            String first = wire(json, engine.evaluate(chain, payload));
            if (!EXPECTED.equals(first)) {
                System.err.println("unexpected decision: " + first + "\nexpected:            " + EXPECTED);
                System.exit(1);
            }

            long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            long warmCount = 0;
            long failures = 0;
            while (System.nanoTime() - warmEnd < 0) {
                if (engine.evaluate(chain, payload).failed()) {
                    failures++;
                }
                warmCount++;
            }
            System.out.printf("warm-up   %.0f s, %d evaluations%n", warmupSeconds, warmCount);

            long[] latencies = new long[1 << 20];
            int n = 0;
            long start = System.nanoTime();
            long end = start + (long) (measureSeconds * 1e9);
            long now = start;
            while (now - end < 0) {
                long t0 = now;
                EvaluationResult result = engine.evaluate(chain, payload);
                now = System.nanoTime();
                if (result.failed()) {
                    failures++;
                }
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = now - t0;
            }
            double elapsed = (now - start) / 1e9;
            String last = wire(json, engine.evaluate(chain, payload));
            if (!EXPECTED.equals(last)) {
                System.err.println("unexpected decision after the run: " + last);
                System.exit(1);
            }
            Arrays.sort(latencies, 0, n);
            double rate = n / elapsed;
            double p50 = micros(latencies, n, 0.50), p90 = micros(latencies, n, 0.90), p99 = micros(latencies, n, 0.99);
            double max = latencies[n - 1] / 1e3;
            System.out.printf(Locale.ROOT, "measured  %.1f s, %d evaluations, %d failed%n", elapsed, n, failures);
            System.out.printf(Locale.ROOT, "rate      %.0f evaluations/s%n", rate);
            System.out.printf(Locale.ROOT, "latency   p50 %.1f µs  p90 %.1f µs  p99 %.1f µs  max %.1f µs%n", p50, p90, p99, max);
            System.out.printf(Locale.ROOT,
                    "RESULT jdk=%s jit=%s evals=%d seconds=%.2f rate=%.0f p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f failed=%d%n",
                    Runtime.version().toString().replace(' ', '_'), jit.startsWith("on") ? "on" : "off", n, elapsed, rate,
                    p50, p90, p99, max, failures);
            if (failures > 0) {
                System.err.println(failures + " evaluations failed");
                System.exit(1);
            }
        }
    }

    /**
     * Whether this JVM gives Truffle an optimising runtime: the polyglot implementation name is
     * "Interpreted" on the fallback runtime (JDK 17, or JDK 25 without the compiler jars). The
     * fallback's stderr warning is captured so it does not clutter the output.
     */
    private static String probeJit() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String name;
        try (Engine probe = Engine.newBuilder("js").logHandler(captured).err(captured).build()) {
            name = probe.getImplementationName();
        }
        String warning = captured.toString(StandardCharsets.UTF_8);
        boolean interpreted = name.toLowerCase(Locale.ROOT).contains("interpreted") || warning.contains("fallback runtime");
        return interpreted ? "off (Truffle runtime: " + name + ", interpreter only)" : "on (Truffle runtime: " + name + ")";
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
