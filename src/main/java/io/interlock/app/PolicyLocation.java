package io.interlock.app;

import io.interlock.config.InterlockConfig;
import io.interlock.config.InvalidConfigException;
import io.interlock.config.Settings;
import io.interlock.policy.PoliciesRoot;
import io.interlock.policy.PolicyFolder;
import io.interlock.policy.PolicyOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the policies come from: INTERLOCK_POLICIES when set; otherwise ./policies when it
 * exists; otherwise the example policies packaged in the jar (read-only), so the jar runs
 * anywhere out of the box. A folder that is named (or found) but is not a policies folder stops
 * the start naming the setting: falling back to the examples, or serving an empty chain for every
 * trigger, would put a production gate on policies nobody chose.
 */
public final class PolicyLocation {

    static final String EMBEDDED = "interlock-policies";

    private PolicyLocation() {}

    public static PolicyFolder resolve(InterlockConfig config) {
        if (config.policiesDir().isPresent()) {
            Path set = config.policiesDir().get();
            refuseUnless(set, "");
            return new PolicyFolder(set, PolicyOrigin.SETTING);
        }
        Path local = Path.of("policies");
        if (Files.isDirectory(local)) {
            refuseUnless(local, " (it is not set, and ./policies was found)");
            return new PolicyFolder(local, PolicyOrigin.WORKING_DIRECTORY);
        }
        return new PolicyFolder(embedded(), PolicyOrigin.PACKAGED_EXAMPLES);
    }

    private static void refuseUnless(Path folder, String how) {
        PoliciesRoot.problem(folder).ifPresent(problem -> {
            throw new InvalidConfigException(List.of(Settings.POLICIES.env() + how + ": " + problem));
        });
    }

    static Path embedded() {
        URL url = PolicyLocation.class.getClassLoader().getResource(EMBEDDED);
        if (url == null) {
            return Path.of("policies");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException already) {
                    // opened by an earlier call
                }
            }
            return Path.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
