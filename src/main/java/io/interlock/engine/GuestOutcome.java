package io.interlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.json.StrictJson;
import java.util.ArrayList;
import java.util.List;

/** What the harness reported for one policy call: its status, value or error, and console lines. */
record GuestOutcome(String status, JsonNode body, List<String> console) {

    static GuestOutcome parse(String json) {
        JsonNode body = StrictJson.parse(json).node().orElse(null);
        if (body == null) {
            // The snapshot is JSON by construction, so what the strict reader refuses is size:
            // a string over its bound, or a result nested deeper than it allows.
            return new GuestOutcome("oversized", null, List.of());
        }
        List<String> console = new ArrayList<>();
        body.path("console").forEach(line -> console.add(line.asText()));
        return new GuestOutcome(body.path("status").asText(), body, List.copyOf(console));
    }

    String text(String field) {
        return body.path(field).asText("");
    }
}
