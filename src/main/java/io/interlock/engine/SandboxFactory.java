package io.interlock.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Builds the locked-down contexts evaluations run in. One shared {@link Engine} keeps parsed
 * policy code cached across contexts; every context is new, so nothing a policy does to its
 * realm outlives the evaluation.
 */
final class SandboxFactory implements AutoCloseable {

    /** A second guard behind the watchdog, far above what any real policy executes. */
    private static final long STATEMENT_LIMIT = 500_000_000L;

    private final Engine engine;
    private final Source harness;
    private final Source auth0Adapter;
    private final ResourceLimits limits = ResourceLimits.newBuilder().statementLimit(STATEMENT_LIMIT, null).build();

    SandboxFactory() {
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.harness = Source.newBuilder("js", readResource("harness.js"), "interlock-harness.js").cached(true).buildLiteral();
        this.auth0Adapter = Source.newBuilder("js", readResource("auth0-adapter.js"), "interlock-auth0-adapter.js")
                .cached(true).buildLiteral();
    }

    /** True when Truffle compiles hot JavaScript to machine code; false on the fallback interpreter. */
    boolean compiling() {
        return !"Interpreted".equals(engine.getImplementationName());
    }

    Context newContext() {
        return Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .allowIO(IOAccess.NONE)
                .allowHostAccess(HostAccess.CONSTRAINED)
                .allowHostClassLookup(name -> false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(org.graalvm.polyglot.EnvironmentAccess.NONE)
                .resourceLimits(limits)
                .option("js.esm-eval-returns-exports", "true")
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.graal-builtin", "false")
                .option("js.console", "false")
                .build();
    }

    Source harness() {
        return harness;
    }

    /** Builds {@code event} and {@code api} for Auth0 Actions; evaluated only where a chain holds one. */
    Source auth0Adapter() {
        return auth0Adapter;
    }

    /** Marks the end of a module, so a module suspended in top-level await can be told apart. */
    static final String LOADED_MARKER = "__interlock_module_completed__";

    Source module(PolicySource policy) {
        String code = policy.source() + "\nexport const " + LOADED_MARKER + " = true;\n";
        return Source.newBuilder("js", code, policy.name())
                .mimeType("application/javascript+module")
                .cached(true)
                .buildLiteral();
    }

    /**
     * The file exactly as written, as a module or (an Auth0 Action) a script. Parsed first at
     * load, so a syntax error is reported against the author's text and never against what the
     * engine adds around it (the completion marker, the CommonJS wrapper).
     */
    static Source asWritten(PolicySource policy, boolean module) {
        Source.Builder source = Source.newBuilder("js", policy.source(), policy.name()).cached(false);
        return (module ? source.mimeType("application/javascript+module") : source).buildLiteral();
    }

    private static String readResource(String name) {
        try (var in = SandboxFactory.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        engine.close(true);
    }
}
