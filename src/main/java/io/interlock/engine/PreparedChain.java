package io.interlock.engine;

import io.interlock.trigger.Trigger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    record Policy(PolicySource source, PolicyCompiler.Kind kind, Source factory, boolean async, int shift, ActionSecrets secrets,
            Imports imports) {
        Policy(PolicySource source, PolicyCompiler.Kind kind, Source factory, boolean async, int shift, ActionSecrets secrets) {
            this(source, kind, factory, async, shift, secrets, Imports.NONE);
        }

        String name() {
            return source.name();
        }
    }

    /**
     * What a policy imports: the helper index of each request, in order ({@code specifiers} as
     * written, which an Action's require() is matched by), and every helper it reaches, by name,
     * with its hash.
     */
    record Imports(List<String> specifiers, List<Integer> helpers, Map<String, String> reached) {
        static final Imports NONE = new Imports(List.of(), List.of(), Map.of());
    }

    /** A helper of the chain: its factory (returning its namespace) and the helpers it imports, by index. */
    record Helper(String name, String hash, Source factory, int shift, List<Integer> imports) {}

    private final Trigger trigger;
    private final List<Policy> policies;
    private final String dataJson;
    private final List<Failure> loadErrors;
    private final NodeModules modules;
    private final List<Helper> helpers;
    private volatile ContextPool contexts;
    /** The payload shapes this chain's evaluations see, and their builders. */
    private final PayloadShapes payloadShapes = new PayloadShapes();
    /** Computed once, on first use: every decision records it. */
    private volatile String versionHash;

    PreparedChain(Trigger trigger, List<Policy> policies, String dataJson, List<Failure> loadErrors, NodeModules modules) {
        this(trigger, policies, dataJson, loadErrors, modules, List.of());
    }

    PreparedChain(Trigger trigger, List<Policy> policies, String dataJson, List<Failure> loadErrors, NodeModules modules,
            List<Helper> helpers) {
        this.trigger = trigger;
        this.policies = List.copyOf(policies);
        this.dataJson = dataJson;
        this.loadErrors = List.copyOf(loadErrors);
        this.modules = modules;
        this.helpers = List.copyOf(helpers);
    }

    public Trigger trigger() {
        return trigger;
    }

    public List<String> policyNames() {
        return policies.stream().map(Policy::name).toList();
    }

    /** Each policy's helpers (every helper it imports, directly or through another), name → sha256 hash. */
    public Map<String, Map<String, String>> helpersByPolicy() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        policies.forEach(p -> out.put(p.name(), p.imports().reached()));
        return out;
    }

    /** Every helper of the chain, name → sha256 hash. */
    public Map<String, String> helperHashes() {
        Map<String, String> out = new TreeMap<>();
        helpers.forEach(h -> out.put(h.name(), h.hash()));
        return out;
    }

    /**
     * A short content hash of the chain: over each policy's text in chain order and each helper's,
     * by file name within the policies folder (so the same files deployed elsewhere hash the same).
     * What a decision records as the version of the code that made it.
     */
    public String versionHash() {
        String hash = versionHash;
        if (hash == null) {
            hash = computeVersionHash();
            versionHash = hash;
        }
        return hash;
    }

    private String computeVersionHash() {
        StringBuilder text = new StringBuilder();
        policies.forEach(p -> text.append(tail(p.name())).append('=').append(HelperFiles.sha256(p.source().source())).append('\n'));
        helperHashes().forEach((name, hash) -> text.append(tail(name)).append('=').append(hash).append('\n'));
        return HelperFiles.sha256(text.toString()).substring("sha256:".length(), "sha256:".length() + 12);
    }

    /** A file's name from its trigger or lib folder on: the part that does not depend on where the folder is. */
    private static String tail(String name) {
        java.nio.file.Path path = java.nio.file.Path.of(name);
        int n = path.getNameCount();
        return n >= 2 ? path.subpath(n - 2, n).toString() : name;
    }

    List<Helper> helpers() {
        return helpers;
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

    PayloadShapes payloadShapes() {
        return payloadShapes;
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
        for (Helper helper : helpers) {
            if (helper.name().equals(failure.policy())) {
                int column = Math.max(1, failure.column() - helper.shift());
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
