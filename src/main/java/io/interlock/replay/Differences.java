package io.interlock.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The fields two wire answers differ in, as JSON pointers; a list (membership, roles) differs as a whole. */
final class Differences {

    static final int MAX = 20;

    private Differences() {}

    static void between(String pointer, JsonNode before, JsonNode after, List<Replayer.Difference> out) {
        if (out.size() >= MAX || before != null && before.equals(after)) {
            return;
        }
        if (before != null && after != null && before.isObject() && after.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(names::add);
            for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            for (String name : names) {
                between(pointer + "/" + name.replace("~", "~0").replace("/", "~1"), before.get(name), after.get(name), out);
            }
            return;
        }
        if (before == null && after == null) {
            return;
        }
        out.add(new Replayer.Difference(pointer.isEmpty() ? "/" : pointer, before, after));
    }
}
