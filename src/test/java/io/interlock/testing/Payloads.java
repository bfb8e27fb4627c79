package io.interlock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.json.StrictJson;
import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The four seed 000 request payloads, as test fixtures. */
public final class Payloads {
    private Payloads() {}

    public static JsonNode of(Trigger trigger) {
        return StrictJson.parse(bytes(trigger)).node().orElseThrow();
    }

    public static byte[] bytes(Trigger trigger) {
        try (InputStream in = Payloads.class.getResourceAsStream("/payloads/" + trigger.folder() + ".json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
