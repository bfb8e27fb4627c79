package io.interlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Payload fields (JSON pointers like {@code /data/user/email}) whose reads one evaluation notes,
 * by policy: replay watches the fields that were masked when the call was stored, since a policy
 * that reads one may answer otherwise on the real value. Any read counts: a comparison, a copy
 * into a claim, a spread of the object holding it, a JSON.stringify of the payload. An Auth0
 * Action reads the event the adapter built, and the adapter copies every field it maps, so an
 * Action counts as reading every watched field it maps.
 */
public final class FieldWatch {

    private final String json;
    private final Map<String, Set<String>> reads = new LinkedHashMap<>();

    public FieldWatch(List<String> pointers) {
        var list = JsonNodeFactory.instance.arrayNode();
        pointers.forEach(list::add);
        this.json = list.toString();
    }

    String json() {
        return json;
    }

    synchronized void read(String policy, JsonNode pointers) {
        if (pointers != null && pointers.isArray() && !pointers.isEmpty()) {
            Set<String> read = reads.computeIfAbsent(policy, p -> new LinkedHashSet<>());
            pointers.forEach(p -> read.add(p.asText()));
        }
    }

    /** The watched fields each policy read, in chain order; empty when none was. */
    public synchronized Map<String, List<String>> reads() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        reads.forEach((policy, read) -> copy.put(policy, new ArrayList<>(read)));
        return copy;
    }
}
