package io.interlock.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * What override taming costs on a hot path: the same workloads in two realms of one engine, one
 * frozen without taming (a plain deep freeze, so inherited built-ins stay data properties) and one
 * locked down by Interlock's own lockdown.js (read from the jar), where each tamed built-in is read
 * through a getter. Rounds alternate between the realms, so both see the same JIT and machine
 * state; each row is the median of the rounds, in nanoseconds per operation.
 *
 * <p>Usage: TamingBench [warm-up seconds] [measured rounds]. Prints a table and RESULT lines.
 */
public final class TamingBench {

    /** Each returns after n operations; an operation reads one tamed built-in (two for toString). */
    private static final String WORKLOADS = """
            ({
              'array push': (n) => { let a = []; for (let i = 0; i < n; i++) { if (a.length === 64) a = []; a.push(i); } return a.length; },
              'array includes': (n) => { const a = [1, 2, 3]; let c = 0; for (let i = 0; i < n; i++) if (a.includes(i & 3)) c++; return c; },
              'array map (3 items)': (n) => { const a = [1, 2, 3]; let c = 0; for (let i = 0; i < n; i++) c += a.map((x) => x + i)[2]; return c; },
              'object hasOwnProperty': (n) => { const o = {x: 1}; let c = 0; for (let i = 0; i < n; i++) if (o.hasOwnProperty('x')) c++; return c; },
              'object to string (toString, valueOf)': (n) => { const o = {}; let c = 0; for (let i = 0; i < n; i++) c += ('' + o).length; return c; },
              'generator next': (n) => { function* g() { for (;;) yield 1; } const it = g(); let c = 0; for (let i = 0; i < n; i++) c += it.next().value; return c; },
              'typed array fill': (n) => { const b = new Uint8Array(4); for (let i = 0; i < n; i++) b.fill(i & 255); return b[0]; },
              'array for-of (3 items)': (n) => { const a = [1, 2, 3]; let c = 0; for (let i = 0; i < n; i++) for (const x of a) c += x; return c; },
              'array spread (3 items)': (n) => { const a = [1, 2, 3]; let c = 0; for (let i = 0; i < n; i++) c += [...a].length; return c; },
              'array destructuring': (n) => { const a = [1, 2, 3]; let c = 0; for (let i = 0; i < n; i++) { const [x, y] = a; c += x + y; } return c; },
              'string split (not tamed)': (n) => { let c = 0; for (let i = 0; i < n; i++) c += 'a@b'.split('@').length; return c; },
            })
            """;

    /** A deep freeze of everything reachable from globalThis and syntax, with no taming. */
    private static final String PLAIN_FREEZE = """
            (function () {
              const seen = new Set();
              const pending = [globalThis, Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async function () {}),
                Object.getPrototypeOf(async function* () {}), Object.getPrototypeOf([][Symbol.iterator]())];
              while (pending.length) {
                const v = pending.pop();
                if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) continue;
                seen.add(v);
                Object.freeze(v);
                pending.push(Object.getPrototypeOf(v));
                for (const k of Reflect.ownKeys(v)) {
                  const d = Object.getOwnPropertyDescriptor(v, k);
                  if ('value' in d) pending.push(d.value); else pending.push(d.get, d.set);
                }
              }
              return seen.size;
            })
            """;

    private static final int OPS = 20_000;

    public static void main(String[] args) throws IOException {
        double warmupSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (Engine engine = Engine.newBuilder("js").sandbox(SandboxPolicy.CONSTRAINED).out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream()).option("engine.WarnInterpreterOnly", "false").build();
                Context frozen = context(engine);
                Context tamed = context(engine)) {
            frozen.eval(Source.create("js", PLAIN_FREEZE)).execute();
            tamed.eval(Source.newBuilder("js", lockdown(), "interlock-lockdown.js").build()).execute(false);
            Value plainLoads = frozen.eval("js", WORKLOADS);
            Value tamedLoads = tamed.eval("js", WORKLOADS);
            List<String> names = new ArrayList<>(plainLoads.getMemberKeys());
            long warmUntil = System.nanoTime() + (long) (warmupSeconds * 1e9);
            while (System.nanoTime() < warmUntil) {
                for (String name : names) {
                    plainLoads.getMember(name).execute(OPS);
                    tamedLoads.getMember(name).execute(OPS);
                }
            }
            System.out.printf(Locale.ROOT, "| %-38s | %14s | %14s | %12s |%n", "workload (" + OPS + " ops a round)",
                    "frozen ns/op", "tamed ns/op", "taming ns/op");
            System.out.println("|----------------------------------------|---------------:|---------------:|-------------:|");
            for (String name : names) {
                double[] plain = new double[rounds];
                double[] withTaming = new double[rounds];
                Value a = plainLoads.getMember(name);
                Value b = tamedLoads.getMember(name);
                for (int r = 0; r < rounds; r++) {
                    plain[r] = timed(a);
                    withTaming[r] = timed(b);
                }
                double p = median(plain);
                double t = median(withTaming);
                System.out.printf(Locale.ROOT, "| %-38s | %14.2f | %14.2f | %12.2f |%n", name, p, t, t - p);
                System.out.printf(Locale.ROOT, "RESULT workload=%s frozen_ns=%.2f tamed_ns=%.2f%n", name.replace(' ', '_'), p, t);
            }
        }
    }

    private static double timed(Value workload) {
        long start = System.nanoTime();
        workload.execute(OPS);
        return (System.nanoTime() - start) / (double) OPS;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Context context(Engine engine) {
        return Context.newBuilder("js").engine(engine).sandbox(SandboxPolicy.CONSTRAINED).allowIO(IOAccess.NONE)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
                .option("js.load", "false").option("js.print", "false").option("js.graal-builtin", "false").build();
    }

    private static String lockdown() throws IOException {
        try (InputStream in = TamingBench.class.getResourceAsStream("/io/interlock/engine/lockdown.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private TamingBench() {}
}
