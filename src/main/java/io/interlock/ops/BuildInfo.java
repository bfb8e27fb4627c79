package io.interlock.ops;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What is running, for {@code interlock_build_info} and the start log: the jar's version (its
 * manifest), the commit it was built from (written by the build when it ran in a git checkout:
 * {@code interlock-build.properties}), the Java version, and whether policies are JIT-compiled.
 */
record BuildInfo(String version, String commit, String java, boolean jit) {

    static final String UNKNOWN = "unknown";
    static final String RESOURCE = "interlock-build.properties";

    static BuildInfo current(boolean jit) {
        String version = BuildInfo.class.getPackage().getImplementationVersion();
        return new BuildInfo(version == null ? "development" : version, builtFrom(), Runtime.version().toString(), jit);
    }

    private static String builtFrom() {
        Properties build = new Properties();
        try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            return UNKNOWN;
        }
        String commit = build.getProperty("commit", "").strip();
        return commit.isEmpty() ? UNKNOWN : commit;
    }
}
