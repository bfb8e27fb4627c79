package io.interlock.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Links a chain's policies to the helpers they import (or, for Actions, require): resolves each
 * request against {@link HelperFiles}, compiles each helper reached once for the chain, and
 * refuses what cannot load. Every refusal names the importing policy and the helper with
 * file:line:col: a request that leads outside the policies folder or outside its {@code lib/}, to no
 * file, into a cycle, or naming an export the helper does not have, is located at the specifier in
 * the file that wrote it; a helper that does not compile is located in the helper, and says which
 * policy imported it and where.
 */
final class HelperLinker {

    /** A compiled helper of the chain and the helpers it imports, by index, in its requests' order. */
    record Linked(PolicyCompiler.Compiled compiled, List<Integer> imports) {}

    /** A policy's links: the index of the helper each of its requests names, in order. */
    record Links(List<Integer> helpers) {
        static final Links NONE = new Links(List.of());
    }

    private final HelperFiles files;
    private final List<Linked> helpers = new ArrayList<>();
    private final Map<String, Integer> indexes = new HashMap<>();
    private final Map<String, Failure> failed = new HashMap<>();

    HelperLinker(HelperFiles files) {
        this.files = files;
    }

    /** The helpers linked so far, by index. */
    List<Linked> helpers() {
        return List.copyOf(helpers);
    }

    /** Links {@code policy}'s requests, or says why it cannot load. */
    Result link(PolicyCompiler.Compiled policy) {
        List<Integer> links = new ArrayList<>();
        List<String> specifiers = new ArrayList<>();
        for (PolicyCompiler.Request request : policy.requests()) {
            if (policy.kind() == PolicyCompiler.Kind.ACTION && !requiresHelper(policy, request)) {
                // An Action's relative require() of anything but lib/ is Node's business, at run
                // time, as before helpers (an optional './config' in a try must not fail the load).
                continue;
            }
            specifiers.add(request.specifier());
            Object target = helperFor(policy, request, new LinkedHashSet<>(), policy.policy().name(), request);
            if (target instanceof Failure failure) {
                return Result.failed(failure);
            }
            links.add((Integer) target);
        }
        return new Result(new Links(List.copyOf(links)), List.copyOf(specifiers), Optional.empty());
    }

    /** The links, the specifiers they are for (in order), or the failure. */
    record Result(Links links, List<String> specifiers, Optional<Failure> failure) {
        static Result failed(Failure failure) {
            return new Result(Links.NONE, List.of(), Optional.of(failure));
        }
    }

    private boolean requiresHelper(PolicyCompiler.Compiled action, PolicyCompiler.Request request) {
        HelperFiles.Resolution resolution = files.resolveRequire(action.policy().name(), request.specifier());
        return resolution instanceof HelperFiles.Found
                || (resolution instanceof HelperFiles.Refused refused && refused.inLib());
    }

    /** The helpers {@code links} reach, directly or through other helpers, by name, in first-reached order. */
    List<String> reached(Links links) {
        Set<Integer> seen = new LinkedHashSet<>();
        links.helpers().forEach(i -> visit(i, seen));
        return seen.stream().map(i -> helpers.get(i).compiled().policy().name()).toList();
    }

    private void visit(int index, Set<Integer> seen) {
        if (seen.add(index)) {
            helpers.get(index).imports().forEach(i -> visit(i, seen));
        }
    }

    /**
     * The index of the helper {@code request} names, or the failure. {@code path} holds the
     * helpers being linked above this one (a cycle returns to one of them); {@code policy} and
     * {@code first} are the chain's policy and its request that led here, for the message.
     */
    private Object helperFor(PolicyCompiler.Compiled importer, PolicyCompiler.Request request, LinkedHashSet<String> path,
            String policy, PolicyCompiler.Request first) {
        String from = importer.policy().name();
        HelperFiles.Resolution resolution = importer.kind() == PolicyCompiler.Kind.ACTION
                ? files.resolveRequire(from, request.specifier()) : files.resolve(from, request.specifier());
        if (resolution instanceof HelperFiles.Refused refused) {
            return at(from, request, "cannot import '" + request.specifier() + "': " + refused.reason() + via(from, policy, first));
        }
        String name = ((HelperFiles.Found) resolution).name();
        if (path.contains(name) || name.equals(from)) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(name);
            return at(from, request, "cannot import '" + request.specifier() + "': import cycle: " + String.join(" → ", cycle.subList(cycle.indexOf(name), cycle.size()))
                    + ": helpers cannot import each other in a circle" + via(from, policy, first));
        }
        Object helper = helper(name, path, policy, first);
        if (helper instanceof Failure failure) {
            return failure;
        }
        List<String> exports = helpers.get((Integer) helper).compiled().exports();
        for (String imported : request.names()) {
            if (!imported.equals("*") && !exports.contains(imported)) {
                return at(from, request, "cannot import '" + imported + "' from '" + request.specifier() + "': " + name
                        + " does not export it (it exports " + (exports.isEmpty() ? "nothing" : String.join(", ", exports)) + ")"
                        + via(from, policy, first));
            }
        }
        return helper;
    }

    private Object helper(String name, LinkedHashSet<String> path, String policy, PolicyCompiler.Request first) {
        Integer known = indexes.get(name);
        if (known != null) {
            return known;
        }
        if (failed.containsKey(name)) {
            return failed.get(name);
        }
        PolicyCompiler.Result result = PolicyCompiler.compileHelper(new PolicySource(name, files.files().get(name)));
        if (result.failure().isPresent()) {
            Failure failure = result.failure().get();
            Failure located = new Failure(failure.code(), failure.message() + " (in a helper imported by " + policy + ":"
                    + first.line() + ":" + first.column() + ")", failure.policy(), failure.line(), failure.column());
            failed.put(name, located);
            return located;
        }
        PolicyCompiler.Compiled compiled = result.compiled().orElseThrow();
        path.add(name);
        List<Integer> imports = new ArrayList<>();
        for (PolicyCompiler.Request request : compiled.requests()) {
            Object target = helperFor(compiled, request, path, policy, first);
            if (target instanceof Failure failure) {
                path.remove(name);
                return failure;
            }
            imports.add((Integer) target);
        }
        path.remove(name);
        indexes.put(name, helpers.size());
        helpers.add(new Linked(compiled, List.copyOf(imports)));
        return helpers.size() - 1;
    }

    /** For a request written in a helper: which policy's import led there, and where. */
    private static String via(String from, String policy, PolicyCompiler.Request first) {
        return from.equals(policy) ? "" : " (reached from " + policy + ":" + first.line() + ":" + first.column() + ")";
    }

    private static Failure at(String file, PolicyCompiler.Request request, String message) {
        return new Failure(FailureCode.POLICY_ERROR, message, file, request.line(), request.column());
    }

    /** A helper's name → its hash, for the helpers {@code names}. */
    Map<String, String> hashes(List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, files.hash(n).orElseThrow()));
        return out;
    }
}
