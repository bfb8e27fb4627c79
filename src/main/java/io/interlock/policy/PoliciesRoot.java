package io.interlock.policy;

import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether a folder is a policies folder: one that holds trigger folders. Given one trigger's
 * folder, or any other folder, the service would answer ALLOW to everything and the test command
 * would pass on nothing, so both refuse it, saying what they expected.
 */
public final class PoliciesRoot {

    /** {@code pre-signup/, pre-session-creation/, …} as the messages name them. */
    public static final String TRIGGER_FOLDERS = Stream.of(Trigger.values()).map(t -> t.folder() + "/")
            .collect(Collectors.joining(", "));

    private PoliciesRoot() {}

    /** Why {@code root} is not a policies folder, or empty when it is one. */
    public static Optional<String> problem(Path root) {
        String expected = " (expected the policies folder, the one holding " + TRIGGER_FOLDERS + ")";
        if (!Files.exists(root)) {
            return Optional.of(root + ": no such folder" + expected);
        }
        if (!Files.isDirectory(root)) {
            return Optional.of(root + " is a file" + expected);
        }
        if (Stream.of(Trigger.values()).anyMatch(t -> Files.isDirectory(root.resolve(t.folder())))) {
            return Optional.empty();
        }
        Path name = root.toAbsolutePath().normalize().getFileName();
        if ((name != null && Trigger.fromFolder(name.toString()).isPresent()) || hasScripts(root)) {
            Path parent = root.toAbsolutePath().normalize().getParent();
            return Optional.of(root + " is a trigger folder, not a policies folder: give the folder that holds it"
                    + (parent == null ? "" : " (" + parent + ")"));
        }
        return Optional.of(root + " is not a policies folder: it holds none of " + TRIGGER_FOLDERS);
    }

    private static boolean hasScripts(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.anyMatch(p -> p.getFileName().toString().endsWith(".js"));
        } catch (IOException e) {
            return false;
        }
    }
}
