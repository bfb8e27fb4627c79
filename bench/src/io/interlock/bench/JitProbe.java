package io.interlock.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.graalvm.polyglot.Engine;

/**
 * Prints one line: {@code on (Truffle runtime: ...)} when this JVM gives GraalJS its optimising
 * runtime, {@code off (...)} when it falls back to the interpreter. Run with the same jar and JVM
 * flags as the service, it tells whether the service's policies are JIT-compiled.
 */
public final class JitProbe {

    public static void main(String[] args) {
        System.out.println(describe());
    }

    static String describe() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String name;
        try (Engine probe = Engine.newBuilder("js").logHandler(captured).err(captured).build()) {
            name = probe.getImplementationName();
        }
        String warning = captured.toString(StandardCharsets.UTF_8);
        boolean interpreted = name.toLowerCase(Locale.ROOT).contains("interpreted") || warning.contains("fallback runtime");
        return interpreted ? "off (Truffle runtime: " + name + ", interpreter only)" : "on (Truffle runtime: " + name + ")";
    }

    private JitProbe() {}
}
