package io.interlock.engine;

import io.interlock.trigger.Trigger;
import java.util.List;
import org.graalvm.polyglot.Source;

/**
 * A trigger's policies, checked and compiled once, ready to evaluate many times. Policies that
 * failed to load are listed in {@link #loadErrors()}; a chain with load errors never evaluates.
 */
public final class PreparedChain {

    /** {@code action} marks an Auth0 Action: {@code module} is then its CommonJS wrapper script. */
    record Compiled(PolicySource policy, Source module, boolean action) {}

    private final Trigger trigger;
    private final List<Compiled> policies;
    private final String dataJson;
    private final List<Failure> loadErrors;
    private final NodeModules modules;

    PreparedChain(Trigger trigger, List<Compiled> policies, String dataJson, List<Failure> loadErrors) {
        this(trigger, policies, dataJson, loadErrors, NodeModules.builtinsOnly());
    }

    PreparedChain(Trigger trigger, List<Compiled> policies, String dataJson, List<Failure> loadErrors, NodeModules modules) {
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
        return policies.stream().map(c -> c.policy().name()).toList();
    }

    public List<Failure> loadErrors() {
        return loadErrors;
    }

    public boolean loaded() {
        return loadErrors.isEmpty();
    }

    List<Compiled> policies() {
        return policies;
    }

    String dataJson() {
        return dataJson;
    }

    /** What the chain's Auth0 Actions may require(): Node built-ins and the packages read with the policies. */
    NodeModules modules() {
        return modules;
    }

    boolean hasActions() {
        return policies.stream().anyMatch(Compiled::action);
    }

    /** Line-1 columns of an Action's errors are shifted by its wrapper; report the author's. */
    Failure relocate(Failure failure) {
        boolean action = failure != null && policies.stream()
                .anyMatch(c -> c.action() && c.policy().name().equals(failure.policy()));
        return action ? Auth0Action.relocate(failure) : failure;
    }
}
