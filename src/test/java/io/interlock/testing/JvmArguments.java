package io.interlock.testing;

import java.lang.management.ManagementFactory;

/** A stand-in for the jar bin/interlock runs: prints the JVM options it was started with, one a line, then its arguments. */
public final class JvmArguments {
    private JvmArguments() {}

    public static void main(String[] args) {
        ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(System.out::println);
        System.out.println("args: " + String.join(" ", args));
    }
}
