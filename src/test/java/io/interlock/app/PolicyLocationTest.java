package io.interlock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interlock.config.InterlockConfig;
import io.interlock.config.InvalidConfigException;
import io.interlock.policy.PolicyFolder;
import io.interlock.policy.PolicyOrigin;
import io.micronaut.core.value.MapPropertyResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * INTERLOCK_POLICIES names a policies folder, or the start stops naming it: never a fall-back to
 * the packaged examples, nor a folder whose triggers would all answer ALLOW for want of policies.
 */
class PolicyLocationTest {

    @TempDir
    Path dir;

    private static PolicyFolder resolve(Path policies) {
        return PolicyLocation.resolve(InterlockConfig.from(new MapPropertyResolver(Map.of("interlock.policies",
                policies.toString()))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing            | INTERLOCK_POLICIES: DIR/missing: no such folder (expected the policies folder, the one holding pre-signup/, pre-session-creation/, pre-user-invitation/, pre-m2m-token-creation/)",
            "a-file.txt         | INTERLOCK_POLICIES: DIR/a-file.txt is a file (expected the policies folder, the one holding pre-signup/, pre-session-creation/, pre-user-invitation/, pre-m2m-token-creation/)",
            "policies/pre-signup | INTERLOCK_POLICIES: DIR/policies/pre-signup is a trigger folder, not a policies folder: give the folder that holds it (DIR/policies)",
            "scripts            | INTERLOCK_POLICIES: DIR/scripts is a trigger folder, not a policies folder: give the folder that holds it (DIR)",
            "empty              | INTERLOCK_POLICIES: DIR/empty is not a policies folder: it holds none of pre-signup/, pre-session-creation/, pre-user-invitation/, pre-m2m-token-creation/",
    })
    void aFolderThatIsNotAPoliciesFolderStopsTheStart(String given, String message) throws IOException {
        Files.createDirectories(dir.resolve("policies/pre-signup"));
        Files.writeString(dir.resolve("policies/pre-signup/10-a.js"), "export default () => ({decision: 'ALLOW'})");
        Files.writeString(dir.resolve("a-file.txt"), "");
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("scripts/10-a.js"), "export default () => ({decision: 'ALLOW'})");
        Files.createDirectories(dir.resolve("empty"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> resolve(dir.resolve(given)));
        assertEquals(List.of(message.replace("DIR", dir.toString())), e.problems());
    }

    @Test
    void aPoliciesFolderIsServedAsTheSettingSaysAndAFolderOfTheWorkingDirectoryAsFound() throws IOException {
        Files.createDirectories(dir.resolve("pre-user-invitation"));
        assertEquals(PolicyOrigin.SETTING, resolve(dir).origin());
        // the tests run in the repository, whose ./policies is found when nothing is set
        PolicyFolder found = PolicyLocation.resolve(InterlockConfig.from(new MapPropertyResolver(Map.of())));
        assertEquals(List.of(Path.of("policies"), PolicyOrigin.WORKING_DIRECTORY), List.of(found.root(), found.origin()));
    }
}
