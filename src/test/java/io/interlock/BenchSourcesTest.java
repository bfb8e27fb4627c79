package io.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks' Java sources (bench/src) build against the code as it is: they reach into
 * package-private types (the decision store's rows), and nothing else compiles them before someone
 * runs a benchmark. A merge once left them behind a changed record for a day.
 */
class BenchSourcesTest {

    @Test
    void benchSourcesCompileAgainstTheMainCode(@TempDir Path out) throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("bench/src"))) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toString()));
        }
        assertFalse(sources.isEmpty(), "no bench/src/**/*.java found from " + Path.of("").toAbsolutePath());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-nowarn", "--release", "17", "-proc:none",
                "-cp", System.getProperty("java.class.path"), "-d", out.toString()));
        args.addAll(sources);
        StringWriter errors = new StringWriter();
        int status = javac.run(null, null, new java.io.OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        }, args.toArray(String[]::new));
        assertEquals(0, status, errors::toString);
    }
}
