package io.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.JvmArguments;
import io.interlock.testing.MainProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/interlock's choice of JVM options, read from a stand-in jar that prints them: the service
 * gets the JIT where the JDK can run it; a command (a run of seconds) never does, and gets the
 * JVM's quick compiler only, since compiling the compiler would cost it more than it saves
 * (bench/test-command). INTERLOCK_JAVA_OPTS come last, so an operator's choice wins.
 */
class LauncherTest {

    @TempDir
    Path root;

    /** A copy of bin/interlock beside target/interlock.jar = the stand-in, and target/jvmci named for {@code jvmci}. */
    private void install(String jvmci) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("bin/interlock"), root.resolve("bin/interlock"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(root.resolve("target/jvmci"));
        // only the name matters to bin/interlock: it compares the version with the JDK's
        Files.writeString(root.resolve("target/jvmci/compiler-" + jvmci + ".jar"), "");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, JvmArguments.class.getName());
        String entry = JvmArguments.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(root.resolve("target/interlock.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest);
                InputStream bytes = JvmArguments.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            bytes.transferTo(jar);
        }
    }

    private List<String> options(String javaHome, Map<String, String> environment, String... args) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("INTERLOCK_JAVA_HOME", javaHome);
        try (MainProcess launched = MainProcess.script(root, root.resolve("bin/interlock"), env, args)) {
            assertEquals(Optional.of(0), launched.exit(), launched.out() + launched.err());
            return launched.out().lines().toList();
        }
    }

    @Test
    void aCommandRunsWithTheQuickCompilerOnlyAndTheServiceWithout() throws IOException {
        install("25.0.0");
        String home = System.getProperty("java.home");
        List<String> test = options(home, Map.of(), "test", "policies");
        assertTrue(test.contains("-XX:TieredStopAtLevel=1"), test.toString());
        assertEquals("args: test policies", test.get(test.size() - 1));
        List<String> serve = options(home, Map.of());
        assertFalse(serve.contains("-XX:TieredStopAtLevel=1"), "the service keeps the optimising compiler: " + serve);
    }

    @Test
    void theOperatorsOptionsComeLastAndWin() throws IOException {
        install("25.0.0");
        List<String> test = options(System.getProperty("java.home"), Map.of("INTERLOCK_JAVA_OPTS", "-XX:TieredStopAtLevel=4 -Xmx300m"),
                "test");
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4", "-Xmx300m"),
                test.stream().filter(o -> o.startsWith("-XX:TieredStopAtLevel") || o.startsWith("-Xmx")).toList());
    }

    /** The case of the report (13 cases in 15.6-43.6 s): a JDK that can run the JIT, and a command. */
    @Test
    void onAJdkThatCanRunTheJitOnlyTheServiceGetsIt() throws IOException {
        Optional<Path> jdk25 = newestJdk(25);
        Assumptions.assumeTrue(jdk25.isPresent(), "no JDK 25 or newer under /usr/lib/jvm");
        install("25.0.0");
        List<String> test = options(jdk25.get().toString(), Map.of(), "test");
        assertFalse(test.contains("-XX:+EnableJVMCI"), "a command does not start the JIT: " + test);
        assertTrue(test.contains("-XX:TieredStopAtLevel=1"), test.toString());
    }

    /**
     * A GraalVM JDK (its Graal compiler built as a library, lib/libjvmcicompiler.so) compiles with
     * that: the service gets neither the compiler jars nor the JVMCI options, which would replace
     * libgraal by the jars and bring back their warm-up. The stand-in is the JDK 25 of this machine
     * with such a library beside it.
     */
    @Test
    void onAGraalVmJdkTheServiceUsesItsOwnCompilerWithoutTheJars() throws IOException {
        Optional<Path> jdk25 = newestJdk(25);
        Assumptions.assumeTrue(jdk25.isPresent(), "no JDK 25 or newer under /usr/lib/jvm");
        install("25.0.0");
        Path graalvm = root.resolve("graalvm");
        Files.createDirectories(graalvm.resolve("bin"));
        Files.createDirectories(graalvm.resolve("lib"));
        Files.writeString(graalvm.resolve("lib/libjvmcicompiler.so"), "");
        Path java = graalvm.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nexec '" + jdk25.get().resolve("bin/java") + "' \"$@\"\n");
        java.toFile().setExecutable(true);

        List<String> serve = options(graalvm.toString(), Map.of());
        assertTrue(serve.stream().noneMatch(o -> o.startsWith("--upgrade-module-path") || o.contains("JVMCI")),
                "libgraal, not the jars: " + serve);
        assertFalse(serve.contains("-XX:TieredStopAtLevel=1"), serve.toString());

        Files.delete(graalvm.resolve("lib/libjvmcicompiler.so"));
        // the jar must now open (as an empty module): the JVM reads the upgrade module path at boot
        try (OutputStream file = Files.newOutputStream(root.resolve("target/jvmci/compiler-25.0.0.jar"));
                JarOutputStream empty = new JarOutputStream(file, new Manifest())) {
            empty.putNextEntry(new JarEntry("META-INF/"));
        }
        List<String> temurin = options(graalvm.toString(), Map.of());
        assertTrue(temurin.contains("--upgrade-module-path=" + root.resolve("target/jvmci")),
                "without libgraal the same JDK gets the jars: " + temurin);
    }

    /**
     * Issue 27 item 3: the service always gets G1 and bounded metaspace and JIT code; in a container
     * with a memory limit (as the JVM reports it) also half the limit for the heap and an exit on
     * OutOfMemoryError. The container is a stand-in java that reports a limit; a command gets none
     * of it, and the operator's -Xmx still comes last.
     */
    @Test
    void inAContainerWithAMemoryLimitTheServiceTakesHalfOfItForTheHeap() throws IOException {
        install("25.0.0");
        String home = System.getProperty("java.home");
        List<String> bare = options(home, Map.of());
        assertTrue(bare.containsAll(List.of("-XX:+UseG1GC", "-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=240m")),
                bare.toString());
        assertFalse(bare.contains("-XX:MaxRAMPercentage=50"), "no limit here: the JVM's default heap: " + bare);

        Path container = root.resolve("container");
        Files.createDirectories(container.resolve("bin"));
        Path java = container.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\ncase \"$1\" in -XshowSettings:system) printf 'Operating System Metrics:\\n"
                + "    Provider: cgroupv2\\n    Memory Limit: 1.25G\\n' >&2; exit 0;; esac\nexec '"
                + Path.of(home, "bin/java") + "' \"$@\"\n");
        java.toFile().setExecutable(true);
        List<String> limited = options(container.toString(), Map.of("INTERLOCK_JAVA_OPTS", "-Xmx700m"));
        assertTrue(limited.containsAll(List.of("-XX:+UseG1GC", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError")),
                limited.toString());
        assertTrue(limited.indexOf("-Xmx700m") > limited.indexOf("-XX:MaxRAMPercentage=50"), "the operator's heap wins: " + limited);
        List<String> command = options(container.toString(), Map.of(), "version");
        assertTrue(command.stream().noneMatch(o -> o.startsWith("-XX:MaxRAMPercentage") || o.startsWith("-XX:+UseG1GC")),
                "a command is a run of seconds: " + command);
    }

    private static Optional<Path> newestJdk(int feature) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")) && Files.isRegularFile(h.resolve("release")))
                    .filter(h -> release(h) >= feature).findFirst();
        }
    }

    private static int release(Path home) {
        try {
            String version = Files.readAllLines(home.resolve("release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                    .findFirst().orElse("JAVA_VERSION=\"0\"");
            return Integer.parseInt(version.replaceAll("JAVA_VERSION=\"(\\d+).*", "$1"));
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
