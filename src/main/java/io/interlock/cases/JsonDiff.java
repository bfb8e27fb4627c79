package io.interlock.cases;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * JSON equality for expectations, and where two values differ. Numbers compare by value (a
 * claim written {@code 1} in a case equals {@code 1.0} from JavaScript); object key order never
 * matters; array order does (a token's {@code feature_flags} order is what the policy chose).
 */
final class JsonDiff {

    /** Enough to point at the problem without flooding the output for a wholly different object. */
    static final int MAX_DIFFERENCES = 5;

    private JsonDiff() {}

    static boolean same(JsonNode expected, JsonNode actual) {
        return differences("", expected, actual).isEmpty();
    }

    /** Lines such as {@code response.claims.scope: expected "a", got "b"}; empty when equal. */
    static List<String> differences(String path, JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        walk(path, expected, actual, out);
        return out.size() > MAX_DIFFERENCES
                ? List.copyOf(out.subList(0, MAX_DIFFERENCES)) : out;
    }

    private static void walk(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (out.size() > MAX_DIFFERENCES) {
            return;
        }
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                out.add(path + ": expected " + expected + ", got " + actual);
            }
        } else if (expected.isObject() && actual.isObject()) {
            // In the order the case wrote them, then any the answer added.
            Set<String> keys = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String at = path.isEmpty() ? key : path + "." + key;
                if (!actual.has(key)) {
                    out.add(at + ": missing (expected " + expected.get(key) + ")");
                } else if (!expected.has(key)) {
                    out.add(at + ": not expected (got " + actual.get(key) + ")");
                } else {
                    walk(at, expected.get(key), actual.get(key), out);
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                walk(path + "[" + i + "]", expected.get(i), actual.get(i), out);
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": expected " + expected + ", got " + actual);
        }
    }
}
