package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/** Shared object-shape checks. */
final class Fields {
    private Fields() {}

    /** Reports, in document order, every field of {@code object} not in {@code known}. */
    static void refuseUnknown(JsonNode object, Set<String> known, String path, Violations violations) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(JsonPath.field(path, name), "unknown field");
            }
        }
    }
}
