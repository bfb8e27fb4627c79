package io.interlock.decision;

import java.util.regex.Pattern;

/** Renders where a violation is: {@code response.claims.exp}, {@code roles[2]}, {@code claims["a.b"]}. */
final class JsonPath {
    static final String ROOT = "(root)";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private JsonPath() {}

    static String field(String parent, String name) {
        if (!PLAIN.matcher(name).matches()) {
            return (parent.equals(ROOT) ? "" : parent) + "[" + Text.quoted(name) + "]";
        }
        return parent.equals(ROOT) ? name : parent + "." + name;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
