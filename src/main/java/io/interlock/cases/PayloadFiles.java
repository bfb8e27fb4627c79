package io.interlock.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.json.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Payload files named by cases ({@code "payload": "payloads/pre-signup.json"}), read once per
 * run however many cases share them. Paths are relative to the policies folder and must stay
 * inside it, so a cases file means the same thing wherever the folder is checked out.
 */
final class PayloadFiles {

    /** A payload or the one-line reason there is none. */
    record Loaded(JsonNode payload, String problem) {}

    static final long MAX_BYTES = 1024 * 1024;

    private final Path root;
    private final Map<Path, Loaded> cache = new HashMap<>();

    PayloadFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Loaded load(String relative) {
        Path file;
        try {
            file = root.resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return new Loaded(null, "payload: not a valid path: " + relative);
        }
        if (Path.of(relative).isAbsolute() || !file.startsWith(root)) {
            return new Loaded(null, "payload: \"" + relative + "\" must be a path inside the policies folder, such as payloads/pre-signup.json");
        }
        return cache.computeIfAbsent(file, f -> read(relative, f));
    }

    private static Loaded read(String relative, Path file) {
        if (!Files.isRegularFile(file)) {
            return new Loaded(null, "payload: file " + relative + " not found (paths are relative to the policies folder)");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                return new Loaded(null, "payload: file " + relative + " is larger than " + MAX_BYTES / 1024 + " KiB");
            }
            StrictJson.Parsed parsed = StrictJson.parse(Files.readAllBytes(file));
            if (parsed.error().isPresent()) {
                String where = parsed.location().map(at -> ":" + at.line() + ":" + at.column() + ": " + at.reason())
                        .orElse(": " + parsed.error().get());
                return new Loaded(null, "payload: " + relative + where);
            }
            JsonNode node = parsed.node().orElseThrow();
            if (!node.isObject()) {
                return new Loaded(null, "payload: " + relative + " must hold a JSON object (the platform's request body)");
            }
            return new Loaded(node, null);
        } catch (IOException e) {
            return new Loaded(null, "payload: " + relative + " cannot be read: " + e.getMessage());
        }
    }
}
