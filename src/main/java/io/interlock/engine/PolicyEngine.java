package io.interlock.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.interlock.decision.DecisionValidator;
import io.interlock.decision.Validation;
import io.interlock.fetch.NetworkOutbound;
import io.interlock.fetch.Outbound;
import io.interlock.json.StrictJson;
import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;

/**
 * The engine's one public entry: prepare a trigger's policies once, evaluate them many times.
 *
 * <pre>{@code
 * PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults());
 * PreparedChain chain = engine.prepare(Trigger.PRE_SIGNUP, policies, data);
 * EvaluationResult result = engine.evaluate(chain, payload);
 * chain.close(); // when it is replaced
 * }</pre>
 *
 * <p>Thread-safe. Each evaluation runs on the calling thread, on one of the chain's prepared
 * contexts (locked down, see {@code lockdown.js}), under the watchdog, each policy on a fresh
 * instance; results and failures come back as values, never as exceptions.
 */
public final class PolicyEngine implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PolicyEngine.class);

    private final EngineSettings settings;
    private final SandboxFactory sandbox;
    private final Watchdog watchdog;
    private final DecisionValidator validator;
    /** Where policies' fetch() calls go when they serve requests. */
    private final NetworkOutbound network;
    /** Prepares and closes contexts off the request path. */
    private final ExecutorService background;
    private volatile boolean closed;

    private PolicyEngine(EngineSettings settings, SandboxFactory sandbox) {
        this.settings = settings;
        this.sandbox = sandbox;
        this.watchdog = new Watchdog(settings.ticker(), Watchdog.defaultInterval());
        this.validator = new DecisionValidator(settings.validation());
        this.network = new NetworkOutbound(settings.fetch());
        AtomicInteger n = new AtomicInteger();
        this.background = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "interlock-prepare-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static PolicyEngine create(EngineSettings settings) {
        return new PolicyEngine(settings, new SandboxFactory());
    }

    /** Without the lockdown: only for the engine's tests, to show that each isolation probe depends on it. */
    static PolicyEngine withoutLockdown(EngineSettings settings) {
        return new PolicyEngine(settings, new SandboxFactory(false));
    }

    /** Whether policies are JIT-compiled (JDK with JVMCI and the Graal compiler) or interpreted. */
    public boolean compiling() {
        return sandbox.compiling();
    }

    public EngineSettings settings() {
        return settings;
    }

    /**
     * Checks and compiles {@code policies} (run in this order as a chain) with {@code data} (a JSON
     * object, or null for none). Syntax errors, imports, a missing default export, a throwing or
     * never-finishing top level are reported now, each module's top level running once on the
     * chain's first prepared context under the loading limit.
     */
    public PreparedChain prepare(Trigger trigger, List<PolicySource> policies, JsonNode data) {
        return prepare(trigger, policies, data, PackageFiles.none());
    }

    /** As above, with the npm package files read beside the policies, which Auth0 Actions may require(). */
    public PreparedChain prepare(Trigger trigger, List<PolicySource> policies, JsonNode data, PackageFiles packages) {
        return prepare(trigger, policies, data, packages, HelperFiles.none());
    }

    /** As above, with the helpers of the policies folder's {@code lib/}, which policies may import. */
    public PreparedChain prepare(Trigger trigger, List<PolicySource> policies, JsonNode data, PackageFiles packages,
            HelperFiles helpers) {
        return prepare(trigger, policies, data, packages, helpers, settings.contexts().perChain());
    }

    /**
     * As above, keeping {@code contexts} prepared contexts instead of the configured number: a
     * chain only a few threads run (a shadow chain) needs no more.
     */
    public PreparedChain prepare(Trigger trigger, List<PolicySource> policies, JsonNode data, PackageFiles packages,
            HelperFiles helpers, int contexts) {
        PreparedChain chain = compile(trigger, policies, data, new NodeModules(packages), helpers);
        if (!chain.loaded() || chain.policies().isEmpty()) {
            return chain;
        }
        Limits loading = settings.limitsFor(trigger).forLoading();
        chain.useContexts(pool(chain, contexts));
        EvaluationResult check = new ChainRun(watchdog, validator, settings, LOADING).run(chain, null, null, loading,
                new EvaluationProgress());
        if (check.failed()) {
            chain.close();
            return new PreparedChain(trigger, chain.policies(), chain.dataJson(), List.of(check.failure().get()), chain.modules(),
                    chain.helpers());
        }
        return chain;
    }

    /**
     * Loading a policy and warming a chain up run it on the seed payload: no request leaves then,
     * the calls fail (and their error paths get warmed).
     */
    private static final Outbound LOADING = Sample.OFFLINE;

    /** Runs the chain against one request payload. */
    public EvaluationResult evaluate(PreparedChain chain, JsonNode payload) {
        return evaluate(chain, payload, settings.limitsFor(chain.trigger()));
    }

    /**
     * Runs the chain against a payload also given as the JSON text it was parsed from (the
     * request body as received), which the policies then get without the engine writing it out
     * again: a tenth of a small evaluation's host work.
     */
    public EvaluationResult evaluate(PreparedChain chain, JsonNode payload, String payloadJson) {
        return evaluate(chain, payload, payloadJson, new EvaluationProgress());
    }

    /** As above, reporting how far it got to {@code progress} (see {@link EvaluationProgress}). */
    public EvaluationResult evaluate(PreparedChain chain, JsonNode payload, String payloadJson, EvaluationProgress progress) {
        return run(chain, payload, payloadJson, settings.limitsFor(chain.trigger()), network, progress);
    }

    /**
     * Runs the chain under {@code limits} instead of the trigger's own, for callers that must
     * tell a slow machine from a slow policy (the test command re-runs a case that timed out).
     */
    public EvaluationResult evaluate(PreparedChain chain, JsonNode payload, Limits limits) {
        return run(chain, payload, null, limits, network, new EvaluationProgress());
    }

    /**
     * Runs the chain with its fetch() calls going to {@code outbound} instead of the network: the
     * test command's declared answers.
     */
    public EvaluationResult evaluate(PreparedChain chain, JsonNode payload, Limits limits, Outbound outbound) {
        return run(chain, payload, null, limits, outbound, new EvaluationProgress());
    }

    /**
     * As above, noting which policy reads which of {@code watch}'s payload fields: replay's
     * fields that were masked when stored.
     */
    public EvaluationResult evaluate(PreparedChain chain, JsonNode payload, Limits limits, Outbound outbound, FieldWatch watch) {
        return run(chain, payload, null, limits, outbound, new EvaluationProgress(), watch);
    }

    private EvaluationResult run(PreparedChain chain, JsonNode payload, String payloadJson, Limits limits, Outbound outbound,
            EvaluationProgress progress) {
        return run(chain, payload, payloadJson, limits, outbound, progress, null);
    }

    private EvaluationResult run(PreparedChain chain, JsonNode payload, String payloadJson, Limits limits, Outbound outbound,
            EvaluationProgress progress, FieldWatch watch) {
        if (!chain.loaded()) {
            Failure first = chain.loadErrors().get(0);
            return new EvaluationResult(chain.trigger(), Optional.empty(), Optional.of(first), List.of(),
                    Optional.ofNullable(first.policy()), 0);
        }
        if (chain.policies().isEmpty()) {
            // Nothing to run, so no context: the answer is an ALLOW with nothing added.
            var allow = ((Validation.Valid) validator.merge(chain.trigger(), List.of())).response();
            return new EvaluationResult(chain.trigger(), Optional.of(allow), Optional.empty(), List.of(), Optional.empty(), 0);
        }
        return new ChainRun(watchdog, validator, settings, outbound).watching(watch).run(chain, payload,
                payloadJson != null ? payloadJson : toJson(payload), limits, progress);
    }

    /**
     * Readies the chain for traffic: starts preparing the rest of its contexts in the background,
     * and runs it {@code rounds} times under the loading limits on the one it has, discarding the
     * results, so the code paths a request takes are compiled before the first real request.
     */
    public void warmUp(PreparedChain chain, JsonNode payload, int rounds) {
        if (!chain.loaded() || chain.contexts() == null) {
            return;
        }
        chain.contexts().refill();
        Limits limits = settings.limitsFor(chain.trigger()).forLoading();
        for (int i = 0; i < rounds; i++) {
            evaluate(chain, payload, limits, LOADING);
        }
    }

    /**
     * Runs the chain once on each sample, on one of its contexts, under the loading limits, within
     * {@code budget}; records nothing. What the service checks a chain with before it serves.
     */
    public Trial trial(PreparedChain chain, List<Sample> samples, java.time.Duration budget) {
        return ChainWarmUp.trial(samples, budget, runner(chain));
    }

    /**
     * Readies the chain for traffic: prepares every context it keeps and runs the samples that
     * did not stop at a limit in {@code trial} on each of them, in rounds, as {@code plan} says.
     */
    public WarmUp.Report warmUp(PreparedChain chain, Trial trial, WarmUp.Plan plan) {
        return ChainWarmUp.warm(chain, trial.repeatable(), plan, runner(chain));
    }

    private ChainWarmUp.Runner runner(PreparedChain chain) {
        Limits limits = settings.limitsFor(chain.trigger()).forLoading();
        return new ChainWarmUp.Runner() {
            @Override
            public EvaluationResult run(Sample sample) {
                return PolicyEngine.this.run(chain, sample.payload(), ChainWarmUp.json(sample), limits, sample.fetch(),
                        new EvaluationProgress());
            }

            @Override
            public ChainRun.OnContext runOn(ChainContext context, Sample sample) {
                return new ChainRun(watchdog, validator, settings, sample.fetch()).runOn(chain, context, sample.payload(),
                        ChainWarmUp.json(sample), limits);
            }
        };
    }

    /**
     * Prepare and evaluate in one step, for one-off chains (the dry run, tests), bounded as a
     * request is: each module's top level runs once, inside the evaluation and its limits.
     */
    public EvaluationResult evaluate(Trigger trigger, JsonNode payload, List<PolicySource> policies, JsonNode data) {
        return evaluate(trigger, payload, policies, data, new EvaluationProgress());
    }

    /**
     * As above, reporting how far it got to {@code progress}: compiling the policies and preparing
     * their context come before the policies' limit starts.
     */
    public EvaluationResult evaluate(Trigger trigger, JsonNode payload, List<PolicySource> policies, JsonNode data,
            EvaluationProgress progress) {
        return evaluate(trigger, payload, policies, data, HelperFiles.none(), progress);
    }

    /** As above, the policies importing the folder's {@code helpers} (a draft in the playground). */
    public EvaluationResult evaluate(Trigger trigger, JsonNode payload, List<PolicySource> policies, JsonNode data,
            HelperFiles helpers, EvaluationProgress progress) {
        try (PreparedChain chain = compile(trigger, policies, data, NodeModules.builtinsOnly(), helpers)) {
            if (chain.loaded() && !chain.policies().isEmpty()) {
                chain.useContexts(pool(chain, 1));
            }
            return run(chain, payload, null, settings.limitsFor(trigger), network, progress);
        }
    }

    /** Parses each policy into its factory; no context yet. */
    private PreparedChain compile(Trigger trigger, List<PolicySource> policies, JsonNode data, NodeModules modules,
            HelperFiles helpers) {
        String dataJson = toJson(data == null ? JsonNodeFactory.instance.objectNode() : data);
        List<PreparedChain.Policy> compiled = new ArrayList<>();
        List<Failure> errors = new ArrayList<>();
        HelperLinker linker = new HelperLinker(helpers);
        for (PolicySource policy : policies) {
            if (Auth0Action.isAction(policy.source()) && Auth0Action.handlerFor(trigger).isEmpty()) {
                errors.add(Auth0Action.noSuchTrigger(trigger, policy.name()));
                continue;
            }
            PolicyCompiler.Result result = PolicyCompiler.compile(policy);
            result.failure().ifPresent(errors::add);
            if (result.compiled().isEmpty()) {
                continue;
            }
            PolicyCompiler.Compiled c = result.compiled().get();
            HelperLinker.Result linked = linker.link(c);
            linked.failure().ifPresent(errors::add);
            PreparedChain.Imports imports = new PreparedChain.Imports(linked.specifiers(), linked.links().helpers(),
                    linker.hashes(linker.reached(linked.links())));
            compiled.add(new PreparedChain.Policy(policy, c.kind(), SandboxFactory.factory(c), c.async(), c.shift(),
                    c.kind() == PolicyCompiler.Kind.ACTION ? settings.secrets().forAction(policy.name()) : ActionSecrets.none(),
                    imports));
        }
        List<PreparedChain.Helper> linkedHelpers = linker.helpers().stream().map(h -> new PreparedChain.Helper(
                h.compiled().policy().name(), HelperFiles.sha256(h.compiled().policy().source()),
                SandboxFactory.factory(h.compiled()), h.compiled().shift(), h.imports())).toList();
        return new PreparedChain(trigger, compiled, dataJson, errors, modules, linkedHelpers);
    }

    private ContextPool pool(PreparedChain chain, int target) {
        return new ContextPool(() -> open(chain), settings.contexts().recycling(), target, background);
    }

    /** A new prepared context for {@code chain}; it runs no policy code, only the engine's own. */
    private ChainContext open(PreparedChain chain) {
        if (closed) {
            throw new IllegalStateException("the engine is closed");
        }
        Limits limits = settings.limitsFor(chain.trigger()).forPreparation();
        Context context = sandbox.newContext();
        Watchdog.Watch watch = watchdog.watch(context, limits);
        ChainContext prepared;
        try {
            prepared = ChainContext.prepare(context, sandbox, chain, settings);
        } catch (PolyglotException e) {
            closeQuietly(context);
            if (closed) {
                throw new IllegalStateException("the engine is closed");
            }
            String policy = chain.policies().stream().map(PreparedChain.Policy::name)
                    .filter(name -> GuestFailures.locationIn(e, name).isPresent()).findFirst().orElse(null);
            throw new ContextPreparationFailed(watch.verdict != null ? GuestFailures.preparationStopped(watch.verdict, limits)
                    : chain.relocate(GuestFailures.fromException(e, null, limits, policy)));
        } catch (RuntimeException e) {
            closeQuietly(context);
            LOG.error("preparing a context for {} failed inside the engine", chain.trigger().wireName(), e);
            throw new ContextPreparationFailed(Failure.of(FailureCode.POLICY_ERROR, null,
                    "internal error while preparing the policies"));
        } finally {
            watchdog.release(watch);
        }
        if (watch.verdict != null) {
            // stopped as it finished: the cancellation lands on the context later, so it must not serve
            prepared.close();
            throw new ContextPreparationFailed(GuestFailures.preparationStopped(watch.verdict, limits));
        }
        return prepared;
    }

    private static void closeQuietly(Context context) {
        try {
            context.close(true);
        } catch (PolyglotException | IllegalStateException alreadyClosed) {
            // Cancelled by the watchdog; the context is gone either way.
        }
    }

    private static String toJson(JsonNode node) {
        try {
            return StrictJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload cannot be serialised", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.close();
        // Contexts still being prepared must be done before the engine closes: closing it while
        // another thread initialises one of its contexts deadlocks inside Truffle.
        background.shutdown();
        try {
            if (!background.awaitTermination(Limits.PREPARATION_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("contexts still being prepared after {}; closing the engine anyway", Limits.PREPARATION_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sandbox.close();
        network.close();
    }
}
