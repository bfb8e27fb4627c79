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
 * Builds the sandboxed contexts evaluations run in, under {@link SandboxPolicy#CONSTRAINED}. One
 * shared {@link Engine} keeps parsed code (harness, lockdown, policy factories) cached across
 * contexts, so preparing another context for a chain parses nothing again.
 */
final class SandboxFactory implements AutoCloseable {

    /** A second guard behind the watchdog, far above what any real policy executes. */
    private static final long STATEMENT_LIMIT = 500_000_000L;

    private final Engine engine;
    private final Source harness;
    private final Source auth0Adapter;
    private final Source lockdown;
    private final Source web;
    /** False only in the engine's own tests, which show that each isolation probe needs it. */
    private final boolean lockingDown;
    private final ResourceLimits limits = ResourceLimits.newBuilder().statementLimit(STATEMENT_LIMIT, null).build();

    SandboxFactory() {
        this(true);
    }

    SandboxFactory(boolean lockingDown) {
        this.lockingDown = lockingDown;
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.harness = Source.newBuilder("js", readResource("harness.js"), "interlock-harness.js").cached(true).buildLiteral();
        this.auth0Adapter = Source.newBuilder("js", readResource("auth0-adapter.js"), "interlock-auth0-adapter.js")
                .cached(true).buildLiteral();
        this.lockdown = Source.newBuilder("js", readResource("lockdown.js"), "interlock-lockdown.js").cached(true).buildLiteral();
        this.web = Source.newBuilder("js", readResource("web.js"), "interlock-web.js").cached(true).buildLiteral();
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

    /** Blob, FormData, AbortController, structuredClone…: evaluated before the harness, which defines them as globals. */
    Source web() {
        return web;
    }

    /** Builds {@code event} and {@code api} for Auth0 Actions; evaluated only where a chain holds one. */
    Source auth0Adapter() {
        return auth0Adapter;
    }

    /** Freezes the realm; evaluated after the harness and the adapter, before any policy code. */
    java.util.Optional<Source> lockdown() {
        return lockingDown ? java.util.Optional.of(lockdown) : java.util.Optional.empty();
    }

    /** A policy's factory function, parsed once per engine and shared by every context. */
    static Source factory(PolicyCompiler.Compiled compiled) {
        return Source.newBuilder("js", compiled.factory(), compiled.policy().name()).cached(true).buildLiteral();
    }

    /** A resource of the engine's (relative to this package, or absolute such as a WebJar's). */
    static String readResource(String name) {
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
