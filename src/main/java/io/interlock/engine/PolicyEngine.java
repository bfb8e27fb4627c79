package io.interlock.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.interlock.decision.DecisionValidator;
import io.interlock.json.StrictJson;
import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * The engine's one public entry: prepare a trigger's policies once, evaluate them many times.
 *
 * <pre>{@code
 * PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults());
 * PreparedChain chain = engine.prepare(Trigger.PRE_SIGNUP, policies, data);
 * EvaluationResult result = engine.evaluate(chain, payload);
 * }</pre>
 *
 * <p>Thread-safe. Each evaluation runs on the calling thread in a fresh sandboxed context under
 * the watchdog; results and failures come back as values, never as exceptions.
 */
public final class PolicyEngine implements AutoCloseable {

    private final EngineSettings settings;
    private final SandboxFactory sandbox;
    private final Watchdog watchdog;
    private final DecisionValidator validator;

    private PolicyEngine(EngineSettings settings) {
        this.settings = settings;
        this.sandbox = new SandboxFactory();
        this.watchdog = new Watchdog(settings.ticker(), Watchdog.defaultInterval());
        this.validator = new DecisionValidator(settings.validation());
    }

    public static PolicyEngine create(EngineSettings settings) {
        return new PolicyEngine(settings);
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
     * object, or null for none). Each module is loaded once in a throwaway sandbox so syntax errors,
     * a missing default export, a throwing or never-finishing top level are reported now.
     */
    public PreparedChain prepare(Trigger trigger, List<PolicySource> policies, JsonNode data) {
        return prepare(trigger, policies, data, PackageFiles.none());
    }

    /** As above, with the npm package files read beside the policies, which Auth0 Actions may require(). */
    public PreparedChain prepare(Trigger trigger, List<PolicySource> policies, JsonNode data, PackageFiles packages) {
        NodeModules modules = new NodeModules(packages);
        String dataJson = toJson(data == null ? JsonNodeFactory.instance.objectNode() : data);
        List<PreparedChain.Compiled> compiled = new ArrayList<>();
        List<Failure> errors = new ArrayList<>();
        for (PolicySource policy : policies) {
            boolean action = Auth0Action.isAction(policy.source());
            PreparedChain.Compiled module = new PreparedChain.Compiled(
                    policy, action ? Auth0Action.wrapped(policy) : sandbox.module(policy), action);
            compiled.add(module);
            Failure error = check(trigger, module, modules);
            if (error != null) {
                errors.add(error);
            }
        }
        return new PreparedChain(trigger, compiled, dataJson, errors, modules);
    }

    /** Runs the chain against one request payload. */
    public EvaluationResult evaluate(PreparedChain chain, JsonNode payload) {
        return evaluate(chain, payload, settings.limitsFor(chain.trigger()));
    }

    /**
     * Runs the chain under {@code limits} instead of the trigger's own, for callers that must
     * tell a slow machine from a slow policy (the test command re-runs a case that timed out).
     */
    public EvaluationResult evaluate(PreparedChain chain, JsonNode payload, Limits limits) {
        if (!chain.loaded()) {
            Failure first = chain.loadErrors().get(0);
            return new EvaluationResult(chain.trigger(), java.util.Optional.empty(), java.util.Optional.of(first),
                    List.of(), java.util.Optional.ofNullable(first.policy()), 0);
        }
        return new ChainRun(sandbox, watchdog, validator, settings).run(chain, payload, toJson(payload), limits);
    }

    /**
     * Runs the chain {@code rounds} times under the loading limits and discards the results, so
     * the code paths a request takes are compiled before the first real request arrives.
     */
    public void warmUp(PreparedChain chain, JsonNode payload, int rounds) {
        if (!chain.loaded()) {
            return;
        }
        Limits limits = settings.limitsFor(chain.trigger()).forLoading();
        for (int i = 0; i < rounds; i++) {
            evaluate(chain, payload, limits);
        }
    }

    /** Prepare and evaluate in one step, for one-off chains (the dry run, tests). */
    public EvaluationResult evaluate(Trigger trigger, JsonNode payload, List<PolicySource> policies, JsonNode data) {
        return evaluate(prepare(trigger, policies, data), payload);
    }

    private Failure check(Trigger trigger, PreparedChain.Compiled module, NodeModules modules) {
        Limits limits = settings.limitsFor(trigger).forLoading();
        if (module.action() && Auth0Action.handlerFor(trigger).isEmpty()) {
            return Failure.of(FailureCode.POLICY_ERROR, module.policy().name(), "is an Auth0 Action, but Auth0 has no trigger"
                    + " like " + trigger.wireName() + "; write it as an Interlock policy: export default function (ctx) { ... }");
        }
        Context context = sandbox.newContext();
        Watchdog.Watch watch = watchdog.watch(context, limits);
        String name = module.policy().name();
        try {
            return module.action() ? checkAction(trigger, module, context, modules) : checkModule(module, context);
        } catch (PolyglotException e) {
            if (!e.isCancelled() && !e.isResourceExhausted() && e.getMessage() != null
                    && e.getMessage().contains(SandboxFactory.LOADED_MARKER)) {
                return Failure.of(FailureCode.POLICY_ERROR, name,
                        "the module never finished loading (top-level await still pending)");
            }
            Failure failure = GuestFailures.fromException(e, watch.verdict, limits, name);
            return module.action() ? Auth0Action.relocate(failure) : failure;
        } finally {
            watchdog.release(watch);
            try {
                context.close(true);
            } catch (PolyglotException | IllegalStateException ignored) {
                // already cancelled by the watchdog
            }
        }
    }

    private Failure checkModule(PreparedChain.Compiled module, Context context) {
        String name = module.policy().name();
        context.parse(SandboxFactory.asWritten(module.policy(), true));
        // The module's top level runs here as in a request, so it gets the same globals (console).
        evalHarness(context);
        Value exports = context.eval(module.module());
        Value marker = exports.getMember(SandboxFactory.LOADED_MARKER);
        if (marker == null || !marker.isBoolean()) {
            return Failure.of(FailureCode.POLICY_ERROR, name, "the module never finished loading");
        }
        Value main = exports.getMember("default");
        if (main == null || !main.canExecute()) {
            return Failure.of(FailureCode.POLICY_ERROR, name,
                    "no default export function; write `export default function (ctx, data) { ... }`");
        }
        return null;
    }

    /** Runs the Action's top level once, as each evaluation will, and checks it exports this trigger's handler. */
    private Failure checkAction(Trigger trigger, PreparedChain.Compiled module, Context context, NodeModules modules) {
        PolicySource policy = module.policy();
        try {
            context.parse(SandboxFactory.asWritten(policy, false));
        } catch (PolyglotException asWritten) {
            // CommonJS allows what a script does not (a top-level return): only an error the
            // wrapped file has too is one; it is reported where the author wrote it.
            if (!asWritten.isSyntaxError()) {
                throw asWritten;
            }
            try {
                context.parse(module.module());
            } catch (PolyglotException wrapped) {
                throw asWritten;
            }
        }
        String handler = Auth0Action.handlerFor(trigger).orElseThrow();
        Value wrapper = context.eval(module.module());
        Value harness = evalHarness(context);
        Value adapter = context.eval(sandbox.auth0Adapter()).execute(trigger.wireName(), "{}", harness.getMember("deepFreeze"), modules);
        Value loaded = adapter.invokeMember("load", wrapper, handler, null);
        return loaded.isString() ? missingHandler(trigger, policy.name(), handler, loaded.asString()) : null;
    }

    private Value evalHarness(Context context) {
        return context.eval(sandbox.harness()).execute("{}", settings.maxConsoleLines(), settings.maxConsoleLineLength());
    }

    private static Failure missingHandler(Trigger trigger, String name, String needed, String exported) {
        String wanted = trigger.wireName() + " (policies/" + trigger.folder() + "/) runs " + needed;
        if (exported.isEmpty()) {
            return Failure.of(FailureCode.POLICY_ERROR, name,
                    "is an Auth0 Action but exports no Auth0 handler function; " + wanted);
        }
        String first = exported.split(", ")[0];
        String move = Auth0Action.triggerOf(first)
                .map(t -> "; move it to policies/" + t.folder() + "/ (" + t.wireName() + ")")
                .orElse("; Interlock runs only onExecutePreUserRegistration, onExecutePostLogin and onExecuteCredentialsExchange");
        return Failure.of(FailureCode.POLICY_ERROR, name,
                "is an Auth0 Action exporting " + exported + ", but " + wanted + move);
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
        watchdog.close();
        sandbox.close();
    }
}
