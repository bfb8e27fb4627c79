package io.interlock.cases;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.interlock.json.StrictJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each element of the top-level {@code "cases"} array starts, so a problem with case 7 of
 * a long file is reported at its line and column. The tree parser keeps no positions, hence
 * this second, streaming pass over text already known to be valid JSON.
 */
final class CaseLocations {

    /** A 1-based line and column. */
    record At(int line, int column) {}

    private CaseLocations() {}

    static List<At> of(byte[] json) {
        List<At> starts = new ArrayList<>();
        try (JsonParser parser = StrictJson.mapper().getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return starts;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("cases".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        starts.add(at(parser.currentTokenLocation()));
                        parser.skipChildren();
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // Positions are a convenience: without them problems still name the case by index.
        }
        return starts;
    }

    private static At at(JsonLocation location) {
        return new At(location.getLineNr(), Math.max(1, location.getColumnNr()));
    }
}
