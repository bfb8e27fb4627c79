package io.interlock.app;

import io.interlock.cases.ChainSamples;
import io.interlock.config.InterlockConfig;
import io.interlock.config.SecretsFile;
import io.interlock.engine.ActionSecrets;
import io.interlock.engine.EngineSettings;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.Ticker;
import io.interlock.policy.PolicyRepository;
import io.interlock.service.DecisionService;
import io.interlock.service.DryRunPool;
import io.interlock.service.EvaluationPool;
import io.interlock.service.ShadowPool;
import io.interlock.service.StallGuard;
import io.interlock.signature.ReplayGuard;
import io.interlock.signature.SignatureVerifier;
import io.interlock.signature.StoredResponse;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Builds the service's parts from the validated configuration. */
@Factory
final class InterlockFactory {

    @Singleton
    InterlockConfig config(Environment environment) {
        return InterlockConfig.from(environment);
    }

    @Singleton
    @Bean(preDestroy = "close")
    PolicyEngine engine(InterlockConfig config, Environment environment) {
        EngineSettings defaults = EngineSettings.defaults();
        return PolicyEngine.create(new EngineSettings(config.limits(), config.triggerLimits(), defaults.maxConsoleLines(),
                defaults.maxConsoleLineLength(), defaults.validation().withGuardM2mScope(config.guardM2mScope()),
                defaults.ticker()).withSecrets(actionSecrets(environment))
                // one prepared context per interceptor worker and dry-run worker, plus a spare
                .withContexts(EngineSettings.Contexts.forWorkers(config.workers() + config.dryRunWorkers()))
                .withFetch(config.fetch()));
    }

    /** INTERLOCK_SECRETS_FILE first, then INTERLOCK_SECRET_<NAME> variables, which win on a clash. */
    private static ActionSecrets actionSecrets(Environment environment) {
        return SecretsFile.actionSecrets(environment.getProperty("interlock.secrets-file", String.class), System.getenv());
    }

    @Singleton
    PolicyRepository policies(PolicyEngine engine, InterlockConfig config, io.micronaut.context.env.Environment environment) {
        PolicyRepository.Samples samples = new PolicyRepository.Samples() {
            @Override
            public java.util.List<io.interlock.engine.Sample> of(java.nio.file.Path root, io.interlock.trigger.Trigger trigger) {
                return ChainSamples.of(root, trigger);
            }

            @Override
            public java.util.List<io.interlock.engine.Sample> shadowOf(java.nio.file.Path root, io.interlock.trigger.Trigger trigger) {
                return ChainSamples.shadowOf(root, trigger);
            }
        };
        // a shadow chain runs on the shadow workers and the dry-run workers: one context each, and a spare
        PolicyRepository repository = new PolicyRepository(engine, PolicyLocation.resolve(config), Clock.systemUTC(), samples,
                config.shadow().workers() + config.dryRunWorkers() + 1);
        repository.useVersionLabel(io.interlock.config.PoliciesVersion.of(environment));
        return repository;
    }

    @Singleton
    SignatureVerifier verifier(InterlockConfig config) {
        return new SignatureVerifier(config.signingSecrets());
    }

    @Singleton
    ReplayGuard<StoredResponse> replays() {
        // A 503 (overload, on-error=error) asks the platform to retry: the retry must be evaluated
        // again, not handed the same 503 from the replay memory.
        return new ReplayGuard<>(SignatureVerifier.DEFAULT_TOLERANCE, ReplayGuard.DEFAULT_MAXIMUM_SIZE,
                response -> response.status() != 503);
    }

    @Singleton
    @Bean(preDestroy = "close")
    EvaluationPool pool(InterlockConfig config, PolicyEngine engine) {
        // the engine's ticker: the pool's deadlines count from the policies' start as the engine reads it
        Ticker ticker = engine.settings().ticker();
        return new EvaluationPool("interlock-eval-", config.workers(), config.queue(), new StallGuard(config.stalls(), ticker),
                ticker, true);
    }

    @Singleton
    @Bean(preDestroy = "close")
    DryRunPool dryRuns(InterlockConfig config, PolicyEngine engine) {
        return new DryRunPool(config.dryRunWorkers(), config.dryRunQueue(), config.stalls(), engine.settings().ticker());
    }

    @Singleton
    @Bean(preDestroy = "close")
    ShadowPool shadows(InterlockConfig config, PolicyEngine engine) {
        return new ShadowPool(config.shadow(), config.stalls(), engine.settings().ticker());
    }

    @Singleton
    io.interlock.policy.PolicyVersions versions(PolicyRepository policies) {
        return new io.interlock.policy.PolicyVersions(policies);
    }

    @Singleton
    DecisionService decisions(PolicyEngine engine, PolicyRepository policies, InterlockConfig config) {
        return new DecisionService(engine, policies, config);
    }
}
