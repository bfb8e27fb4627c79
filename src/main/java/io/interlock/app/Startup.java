package io.interlock.app;

import io.interlock.config.InterlockConfig;
import io.interlock.engine.PolicyEngine;
import io.interlock.policy.LoadProblem;
import io.interlock.policy.PolicyRepository;
import io.interlock.trigger.Trigger;
import io.micronaut.context.annotation.Context;
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
        LOG.info("policies loaded from {}", policies.folder().root().toUri());
        for (Trigger trigger : Trigger.values()) {
            var chain = policies.chain(trigger).orElseThrow();
            if (chain.files().isEmpty()) {
                LOG.info("{}: no policy files; calls are answered ALLOW with nothing added", trigger.wireName());
            } else {
                LOG.info("{}: {}", trigger.wireName(), chain.files().stream().map(f -> f.fileName()).toList());
            }
        }
        warnAboutAuthentication(config);
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

    private static void warnAboutAuthentication(InterlockConfig config) {
        if (config.allowUnsigned()) {
            LOG.warn("INTERLOCK_ALLOW_UNSIGNED=true: unsigned calls to /v1/intercept are accepted. Development only.");
        } else if (config.signingSecrets().isBlank()) {
            LOG.warn("no signing secret configured: /v1/intercept answers 401 to every call. Set INTERLOCK_SIGNING_SECRETS "
                    + "to the interceptor's secret from the platform dashboard (whsec_...), or INTERLOCK_ALLOW_UNSIGNED=true "
                    + "for local development.");
        }
    }

    /** The start-up error whose message the operator reads. */
    static final class PolicyLoadFailure extends RuntimeException {
        PolicyLoadFailure(String message) {
            super(message, null, false, false);
        }
    }
}
