package io.interlock.cases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small policies folders written to a temporary directory, one file per entry. */
final class PolicyFolders {

    /** The smallest request the service accepts for PRE_SIGNUP. */
    static final String SIGNUP = "{\"trigger_point\": \"PRE_SIGNUP\", \"interceptor_context\": {\"user_email\": \"ann@acme.test\"}}";

    private final Map<String, String> files = new LinkedHashMap<>();

    static PolicyFolders folder() {
        return new PolicyFolders().with("payloads/signup.json", SIGNUP);
    }

    PolicyFolders with(String path, String content) {
        files.put(path, content);
        return this;
    }

    /** A cases file holding the given case objects. */
    PolicyFolders cases(String path, String... cases) {
        return with(path, "{\"cases\": [" + String.join(",\n", cases) + "]}");
    }

    Path writeTo(Path root) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = root.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One case object: its name, payload (a path or inline JSON) and expect object. */
    static String testCase(String name, String payload, String expect) {
        String payloadJson = payload.startsWith("{") ? payload : "\"" + payload + "\"";
        return "{\"name\": \"" + name + "\", \"payload\": " + payloadJson + ", \"expect\": " + expect + "}";
    }
}
