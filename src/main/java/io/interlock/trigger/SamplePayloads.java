package io.interlock.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.json.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The seed 000 request of each trigger. The playground offers the same files to edit, so they
 * live once, under {@code playground/samples/}, and are read from the classpath here to warm
 * chains before the service reports ready.
 */
public final class SamplePayloads {
    private SamplePayloads() {}

    public static JsonNode of(Trigger trigger) {
        String resource = "playground/samples/" + trigger.folder() + ".json";
        try (InputStream in = SamplePayloads.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            StrictJson.Parsed parsed = StrictJson.parse(in.readAllBytes());
            return parsed.node().orElseThrow(() -> new IllegalStateException(resource + ": " + parsed.error().orElse("")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
