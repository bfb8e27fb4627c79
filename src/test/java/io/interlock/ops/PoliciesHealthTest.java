package io.interlock.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.config.InterlockConfig;
import io.interlock.engine.EngineSettings;
import io.interlock.engine.Limits;
import io.interlock.engine.PolicyEngine;
import io.interlock.policy.PolicyFolder;
import io.interlock.policy.PolicyOrigin;
import io.interlock.policy.PolicyRepository;
import io.micronaut.core.value.MapPropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Readiness follows the policies: DOWN before they load and are warmed, UP after, and a broken edit keeps it UP. */
class PoliciesHealthTest {

    @TempDir
    Path folder;

    @Test
    void readinessTransitions() throws Exception {
        Files.createDirectories(folder.resolve("pre-signup"));
        Files.writeString(folder.resolve("pre-signup/10-a.js"), "export default () => ({ decision: 'ALLOW' });");
        // A wide limit: it also bounds loading, which a busy machine can make take seconds.
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(30_000, 256)))) {
            PolicyRepository policies = new PolicyRepository(engine, new PolicyFolder(folder), Clock.systemUTC());
            PoliciesHealth health = new PoliciesHealth(policies, InterlockConfig.from(new MapPropertyResolver(Map.of())));
            assertFalse(health.ready(), "not ready before the policies are loaded");

            policies.reload();
            assertFalse(health.ready(), "loaded, not yet warm: the first calls would pay for it (issue 23 item 2)");
            policies.warmUp(java.time.Duration.ofSeconds(60));
            assertFalse(health.ready(), "warmed, until the warm-up says it is over");
            policies.markWarm();
            assertTrue(health.ready(), "ready once every trigger has a chain, warmed");

            Files.writeString(folder.resolve("pre-signup/10-a.js"), "export default (");
            policies.reload();
            assertTrue(health.ready(), "a refused edit keeps the last good chain, so the service still decides");
            assertFalse(policies.problems().isEmpty());
        }
    }

    /** Where the policies come from is on /health, and the packaged examples come with a warning. */
    @ParameterizedTest
    @EnumSource(PolicyOrigin.class)
    void theOriginOfThePoliciesIsShown(PolicyOrigin origin) {
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults())) {
            PolicyRepository policies = new PolicyRepository(engine, new PolicyFolder(folder, origin), Clock.systemUTC());
            Map<String, Object> details = new PoliciesHealth(policies, InterlockConfig.from(new MapPropertyResolver(Map.of())))
                    .getHealthInformation();
            boolean examples = origin == PolicyOrigin.PACKAGED_EXAMPLES;
            assertEquals(List.of(origin.wire(), examples, examples),
                    Arrays.asList(details.get("source"), details.get("packaged_examples"), details.containsKey("warning")),
                    details.toString());
        }
    }
}
