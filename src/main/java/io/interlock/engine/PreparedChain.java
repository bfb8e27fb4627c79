package io.interlock.engine;

import io.interlock.trigger.Trigger;
import java.util.List;
import org.graalvm.polyglot.Source;

/**
 * A trigger's policies, checked and compiled once, ready to evaluate many times, with the
 * prepared contexts its evaluations run in. Policies that failed to load are listed in
 * {@link #loadErrors()}; a chain with load errors never evaluates, and an empty chain needs no
 * context at all. {@link #close()} releases the contexts when the chain is replaced; calls still
 * running on it finish first.
 */
public final class PreparedChain implements AutoCloseable {

    /**
     * One policy of the chain: its factory (see {@link PolicyCompiler}), how to call it, and the
     * secrets it sees (an Action's own and the shared ones; none for a plain policy).
     */
    record Policy(PolicySource source, PolicyCompiler.Kind kind, Source factory, boolean async, int shift, ActionSecrets secrets) {
        String name() {
            return source.name();
        }
    }

    private final Trigger trigger;
    private final List<Policy> policies;
    private final String dataJson;
    private final List<Failure> loadErrors;
    private final NodeModules modules;
    private volatile ContextPool contexts;

    PreparedChain(Trigger trigger, List<Policy> policies, String dataJson, List<Failure> loadErrors, NodeModules modules) {
        this.trigger = trigger;
        this.policies = List.copyOf(policies);
        this.dataJson = dataJson;
        this.loadErrors = List.copyOf(loadErrors);
        this.modules = modules;
    }

    public Trigger trigger() {
        return trigger;
    }

    public List<String> policyNames() {
        return policies.stream().map(Policy::name).toList();
    }

    public List<Failure> loadErrors() {
        return loadErrors;
    }

    public boolean loaded() {
        return loadErrors.isEmpty();
    }

    List<Policy> policies() {
        return policies;
    }

    String dataJson() {
        return dataJson;
    }

    /** What the chain's Auth0 Actions may require(): Node built-ins and the packages read with the policies. */
    NodeModules modules() {
        return modules;
    }

    /** The secrets of the policy named {@code name}; for a text no policy wrote, every secret of the chain's Actions. */
    ActionSecrets secretsOf(String name, ActionSecrets all) {
        for (Policy policy : policies) {
            if (policy.name().equals(name)) {
                return policy.secrets();
            }
        }
        return all;
    }

    boolean hasActions() {
        return policies.stream().anyMatch(p -> p.kind() == PolicyCompiler.Kind.ACTION);
    }

    ContextPool contexts() {
        return contexts;
    }

    /** Starts preparing the contexts the chain keeps, in the background; none for a chain with no policy. */
    public void prepareContexts() {
        ContextPool pool = contexts;
        if (pool != null) {
            pool.refill();
        }
    }

    void useContexts(ContextPool pool) {
        this.contexts = pool;
    }

    /** Moves a line-1 column of an error in a factory back to where the author wrote it. */
    Failure relocate(Failure failure) {
        if (failure == null || failure.line() == null || failure.line() != 1 || failure.column() == null) {
            return failure;
        }
        for (Policy policy : policies) {
            if (policy.name().equals(failure.policy())) {
                int column = Math.max(1, failure.column() - policy.shift());
                return new Failure(failure.code(), failure.message(), failure.policy(), failure.line(), column);
            }
        }
        return failure;
    }

    @Override
    public void close() {
        ContextPool pool = contexts;
        if (pool != null) {
            pool.close();
        }
    }
}
