package io.interlock.app;

import io.interlock.config.InterlockConfig;
import io.interlock.engine.PolicyEngine;
import io.interlock.policy.LoadProblem;
import io.interlock.policy.PolicyRepository;
import io.interlock.trigger.Trigger;
import io.micronaut.context.annotation.Context;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the policies before the server accepts calls. A policy that fails to load stops the
 * start: a production gate must not silently run without a policy its operator wrote.
 */
@Context
final class Startup {

    private static final Logger LOG = LoggerFactory.getLogger("interlock");

    Startup(PolicyRepository policies, InterlockConfig config, PolicyEngine engine) {
        logRuntime(engine);
        policies.reload();
        if (!policies.problems().isEmpty()) {
            throw new PolicyLoadFailure(policies.problems().stream().map(LoadProblem::located)
                    .collect(Collectors.joining("\n  ", "policies failed to load:\n  ", "")));
        }
        Optional<String> warning = policies.folder().origin().warning();
        if (warning.isPresent()) {
            LOG.warn(warning.get());
        } else {
            LOG.info("policies loaded from {}", policies.folder().root().toUri());
        }
        for (Trigger trigger : Trigger.values()) {
            var chain = policies.chain(trigger).orElseThrow();
            if (chain.files().isEmpty()) {
                LOG.info("{}: no policy files; calls are answered ALLOW with nothing added", trigger.wireName());
            } else {
                LOG.info("{}: {}", trigger.wireName(), chain.files().stream().map(f -> f.fileName()).toList());
            }
            policies.shadowChain(trigger).ifPresent(shadow -> LOG.info("{}: shadow chain {} (run beside it, recorded, never enforced)",
                    trigger.wireName(), shadow.files().stream().map(f -> f.fileName()).toList()));
        }
        logSigning(config);
        heapWarning(Runtime.getRuntime().maxMemory(), config.workers(), config.limits().memoryBytes()).ifPresent(LOG::warn);
        LOG.info("policies' fetch() may call: {}", config.fetch().allow().isEmpty()
                ? "no host (INTERLOCK_FETCH_ALLOW is empty; every call is refused)" : config.fetch().allow().describe());
    }

    private static void logRuntime(PolicyEngine engine) {
        if (engine.compiling()) {
            LOG.info("JavaScript runtime: Graal JIT on (Java {})", Runtime.version().feature());
        } else {
            LOG.warn("JavaScript runtime: interpreted, several times slower. For the JIT run on JDK 25 or newer with "
                    + "bin/interlock (it adds the Graal compiler from target/jvmci to the module path); Java {} here",
                    Runtime.version().feature());
        }
    }

    /** Below this the JIT, the contexts and the buffers leave the memory guard no room, whatever the budgets. */
    static final long MIN_HEAP_BYTES = 512L << 20;
    /** The smallest heap measured with no evaluation stopped under full load (bench/README.md). */
    private static final long MEASURED_CLEAN_HEAP_MB = 640;

    /**
     * A heap the memory guard cannot work with: measured under load, at 320 MB (2 workers × 256 MB
     * budgets) it stopped one evaluation in nine as {@code policy_memory}; at 640 MB none.
     */
    static Optional<String> heapWarning(long maxHeapBytes, int workers, long memoryBudgetBytes) {
        long needed = Math.max(MIN_HEAP_BYTES, workers * memoryBudgetBytes);
        if (maxHeapBytes >= needed) {
            return Optional.empty();
        }
        return Optional.of(String.format("the JVM's maximum heap is %d MB, below the %d MB these settings need "
                + "(at least %d MB, and INTERLOCK_WORKERS × INTERLOCK_MEMORY_MB = %d × %d MB): under load the memory "
                + "guard will stop evaluations as policy_memory. Give the JVM more, e.g. INTERLOCK_JAVA_OPTS=-Xmx%dm, "
                + "or lower INTERLOCK_MEMORY_MB", maxHeapBytes >> 20, needed >> 20, MIN_HEAP_BYTES >> 20, workers,
                memoryBudgetBytes >> 20, Math.max(MEASURED_CLEAN_HEAP_MB, needed >> 20)));
    }

    private static void logSigning(InterlockConfig config) {
        LogLine line = signing(config.allowUnsigned(), config.signingSecrets().size());
        if (line.warn()) {
            LOG.warn(line.text());
        } else {
            LOG.info(line.text());
        }
    }

    /** A start log line, and whether it is a warning. */
    record LogLine(boolean warn, String text) {}

    /** What the start log says about /v1/intercept's signatures: the operator confirms the mode without calling. */
    static LogLine signing(boolean allowUnsigned, int secrets) {
        String count = secrets == 1 ? "1 secret" : secrets + " secrets";
        if (allowUnsigned) {
            return new LogLine(true, "signing: INTERLOCK_ALLOW_UNSIGNED=true: unsigned calls to /v1/intercept are accepted"
                    + (secrets == 0 ? "" : " (signed ones are checked against the " + count + " of INTERLOCK_SIGNING_SECRETS)")
                    + ". Development only.");
        }
        if (secrets == 0) {
            return new LogLine(true, "signing: no secret configured: /v1/intercept answers 401 to every call. Set "
                    + "INTERLOCK_SIGNING_SECRETS to the interceptor's secret from the platform dashboard (whsec_...), or "
                    + "INTERLOCK_ALLOW_UNSIGNED=true for local development.");
        }
        return new LogLine(false, "signing: calls to /v1/intercept must be signed with one of the " + count
                + " of INTERLOCK_SIGNING_SECRETS (Standard Webhooks, timestamp within 5 minutes); others are answered 401");
    }

    /** The start-up error whose message the operator reads. */
    static final class PolicyLoadFailure extends RuntimeException {
        PolicyLoadFailure(String message) {
            super(message, null, false, false);
        }
    }
}
