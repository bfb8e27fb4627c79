package io.interlock.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/**
 * One prepared context of a chain: harness, Auth0 adapter and the chain's policy factories
 * evaluated, then the realm locked down. It serves evaluations one at a time, each policy on a
 * fresh instance. It is retired after any limit, cancellation or engine error (a context that hit
 * a limit is dead), and after {@link Recycling#evaluations} evaluations or when what its
 * evaluations allocated reaches {@link Recycling#allocatedBytes}, which bounds the memory a
 * policy can pin in it (a private field added to a frozen object lives as long as the realm).
 */
final class ChainContext {

    /** When a context is worn out and replaced by a fresh one. */
    record Recycling(int evaluations, long allocatedBytes) {}

    private final Context context;
    private final Value run;
    private final Value poll;
    private final Value rethrow;
    private final Value sweep;
    private final FetchHost fetch;
    /** Only where the chain holds an Action does globalThis stay extensible, and need sweeping. */
    private final boolean sweeping;
    private int evaluations;
    private long allocated;
    /** The payload builders this context evaluated, by shape; the least recently used go first. */
    private final Map<PayloadShapes.Shape, Value> builders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PayloadShapes.Shape, Value> eldest) {
            return size() > BUILDERS;
        }
    };
    private static final int BUILDERS = 16;

    private ChainContext(Context context, Value harness, boolean sweeping, FetchHost fetch) {
        this.sweeping = sweeping;
        this.context = context;
        this.fetch = fetch;
        this.run = harness.getMember("run");
        this.poll = harness.getMember("poll");
        this.rethrow = harness.getMember("rethrow");
        this.sweep = harness.getMember("sweep");
    }

    /**
     * Prepares a context for {@code chain}. Runs no policy code: factories are only evaluated into
     * functions. Throws what the guest threw; the caller closes {@code context} then.
     */
    static ChainContext prepare(Context context, SandboxFactory sandbox, PreparedChain chain, EngineSettings settings) {
        FetchHost fetch = new FetchHost();
        Value web = context.eval(sandbox.web()).execute();
        Value harness = context.eval(sandbox.harness())
                .execute(chain.dataJson(), settings.maxConsoleLines(), rawLineLength(settings), fetch, web);
        Value adapter = chain.hasActions()
                ? context.eval(sandbox.auth0Adapter()).execute(chain.trigger().wireName(), harness.getMember("deepFreeze"),
                        chain.modules())
                : null;
        Value installHelper = harness.getMember("installHelper");
        for (PreparedChain.Helper helper : chain.helpers()) {
            installHelper.executeVoid(context.eval(helper.factory()), json(helper.imports()));
        }
        Value install = harness.getMember("install");
        for (PreparedChain.Policy policy : chain.policies()) {
            Value factory = context.eval(policy.factory());
            // Each Action is bound to its own secrets: no other policy of the chain is handed them.
            String key = ActionSecrets.actionKey(policy.name());
            Value bound = policy.kind() == PolicyCompiler.Kind.ACTION
                    ? adapter.invokeMember("bind", key, ActionSecrets.envStem(key), policy.secrets().json()) : null;
            install.executeVoid(policy.kind().name(), factory, policy.async(),
                    Auth0Action.handlerFor(chain.trigger()).orElse(null), bound, json(policy.imports().helpers()),
                    requires(policy.imports()));
        }
        boolean sweeping = chain.hasActions();
        if (sandbox.lockdown().isPresent()) {
            context.eval(sandbox.lockdown().get()).execute(sweeping);
            if (sweeping) {
                harness.getMember("lockedDown").executeVoid();
            }
        }
        return new ChainContext(context, harness, sweeping, fetch);
    }

    private static String json(java.util.List<Integer> indexes) {
        return indexes.toString();
    }

    /** An Action's require() specifier → the helper's index, as JSON. */
    private static String requires(PreparedChain.Imports imports) {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < imports.specifiers().size() && i < imports.helpers().size(); i++) {
            text.append(i == 0 ? "" : ",").append(ModuleImports.quote(imports.specifiers().get(i))).append(':')
                    .append(imports.helpers().get(i));
        }
        return text.append('}').toString();
    }

    /**
     * Console lines leave the guest longer than they are shown, so secrets are removed from the
     * whole line before it is cut (see {@link ActionSecrets#redactAndCut}).
     */
    static int rawLineLength(EngineSettings settings) {
        return settings.maxConsoleLineLength() + 2 * settings.secrets().longestForm() + 64;
    }

    Context context() {
        return context;
    }

    /**
     * Starts an evaluation: the statement limit counts per context, so each evaluation gets the
     * whole of it again instead of a context failing after a million quick ones; the guest's
     * fetch() calls go to this evaluation's {@code session} until {@link #end}.
     */
    void begin(FetchSession session) {
        context.resetLimits();
        fetch.use(session);
    }

    /** Ends an evaluation: no fetch() call reaches its session any more. */
    void end() {
        fetch.use(null);
    }

    /** Runs policy {@code index} of the chain on a fresh instance, draining its promise jobs. */
    GuestOutcome run(int index, String payloadJson, String scope) {
        return run(index, new PayloadShapes.Handed(payloadJson, null, null), scope, null);
    }

    /**
     * As above, the payload handed over by its shape's builder when it has one (see
     * {@link PayloadShapes}), and noting reads of the fields of {@code watchJson} (a JSON list of
     * pointers, or null: none; a watched payload is never handed with a shape, see ChainRun).
     */
    GuestOutcome run(int index, PayloadShapes.Handed payload, String scope, String watchJson) {
        ThreadLocalRandom seed = ThreadLocalRandom.current();
        Object handed = payload.shape() == null ? payload.json() : build(payload);
        Value outcome = run.execute(index, handed, scope, seed.nextInt(), seed.nextInt(), seed.nextInt(), seed.nextInt(),
                watchJson);
        return GuestOutcome.parse(outcome.isNull() ? poll.execute().asString() : outcome.asString());
    }

    /** How many payload builders this context holds (at most {@value #BUILDERS}). */
    int builders() {
        return builders.size();
    }

    /** A fresh payload object from its shape's builder, evaluated in this context on first use. */
    private Value build(PayloadShapes.Handed payload) {
        Value builder = builders.computeIfAbsent(payload.shape(), shape -> context.eval(shape.builder()));
        return builder.execute(payload.values());
    }

    /**
     * Where the value the last policy threw was created, read from the engine's own record of
     * it: throwing it again gives its real frames, whatever its {@code stack} property says.
     */
    GuestFailures.Origin thrownAt(String policy, java.util.List<PreparedChain.Helper> helpers) {
        try {
            rethrow.executeVoid();
            return GuestFailures.Origin.UNKNOWN;
        } catch (PolyglotException thrown) {
            if (thrown.isCancelled() || thrown.isResourceExhausted() || thrown.isInternalError()) {
                throw thrown;
            }
            return new GuestFailures.Origin(GuestFailures.locationIn(thrown, policy), GuestFailures.helperFrame(thrown, helpers));
        }
    }

    /**
     * Removes the globals the last evaluation created, after its promise jobs ran, and checks
     * globalThis's prototype and extensibility; returns what cannot be undone (empty when nothing),
     * and then the context must not serve again.
     */
    String sweep() {
        return sweeping ? sweep.execute().asString() : "";
    }

    /** Counts a finished evaluation and what it allocated. */
    void served(long allocatedBytes) {
        evaluations++;
        allocated += Math.max(0, allocatedBytes);
    }

    boolean worn(Recycling recycling) {
        return evaluations >= recycling.evaluations() || allocated >= recycling.allocatedBytes();
    }

    void close() {
        try {
            context.close(true);
        } catch (PolyglotException | IllegalStateException alreadyClosed) {
            // Cancelled by the watchdog; the context is gone either way.
        }
    }
}
