package io.interlock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.engine.EngineSettings;
import io.interlock.engine.HelperFiles;
import io.interlock.engine.PackageFiles;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PolicySource;
import io.interlock.engine.PreparedChain;
import io.interlock.trigger.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What importing a helper costs an evaluation (issue 28): the reference policy as one file, and
 * the same logic imported from a helper of lib/ (instantiated afresh for every policy call), on
 * one engine and one thread, measured in alternating rounds so drift hits both alike.
 * Prints one RESULT line per variant: evaluations/s, p50 and p99 in µs.
 */
public final class HelpersBench {

    public static void main(String[] args) throws Exception {
        String body = Files.readString(Path.of(args[0]));
        double warmup = Double.parseDouble(args[1]);
        double measure = Double.parseDouble(args[2]);
        int rounds = Integer.parseInt(args[3]);
        JsonNode payload = new ObjectMapper().readTree(body);
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults())) {
            PreparedChain plain = engine.prepare(Trigger.PRE_SIGNUP, List.of(source("bench/policies/pre-signup/10-reference.js")),
                    null);
            PreparedChain helper = engine.prepare(Trigger.PRE_SIGNUP,
                    List.of(source("bench/policies-helpers/pre-signup/10-reference.js")), null, PackageFiles.none(),
                    new HelperFiles("bench/policies-helpers", Map.of("bench/policies-helpers/lib/allow.js",
                            Files.readString(Path.of("bench/policies-helpers/lib/allow.js")))));
            for (PreparedChain chain : List.of(plain, helper)) {
                if (!chain.loaded()) {
                    throw new IllegalStateException(chain.loadErrors().toString());
                }
                String wire = engine.evaluate(chain, payload, body).response().orElseThrow().toWire().toString();
                System.out.println("answer " + wire);
                run(engine, chain, payload, body, warmup);
            }
            long[][] samples = new long[2][];
            for (int r = 0; r < rounds; r++) {
                samples[0] = concat(samples[0], run(engine, plain, payload, body, measure));
                samples[1] = concat(samples[1], run(engine, helper, payload, body, measure));
            }
            print("policy-alone", samples[0], measure * rounds);
            print("with-helper", samples[1], measure * rounds);
            System.out.println("failed evaluations (not measured): " + FAILED[0] + (LAST[0] == null ? "" : ", e.g. " + LAST[0]));
        }
    }

    private static final long[] FAILED = {0};
    private static final String[] LAST = {null};

    private static PolicySource source(String path) throws java.io.IOException {
        return new PolicySource(path, Files.readString(Path.of(path)));
    }

    private static long[] run(PolicyEngine engine, PreparedChain chain, JsonNode payload, String body, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long[] out = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() - end < 0) {
            long start = System.nanoTime();
            var result = engine.evaluate(chain, payload, body);
            if (result.failed()) {
                // a loaded machine can push one past its limit; counted, not measured
                FAILED[0]++;
                LAST[0] = result.failure().get().located();
                continue;
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = System.nanoTime() - start;
        }
        return Arrays.copyOf(out, n);
    }

    private static long[] concat(long[] a, long[] b) {
        if (a == null) {
            return b;
        }
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void print(String label, long[] nanos, double seconds) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "RESULT %s %.0f evals/s p50 %.1f us p99 %.1f us%n", label, sorted.length / seconds,
                sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3);
    }
}
