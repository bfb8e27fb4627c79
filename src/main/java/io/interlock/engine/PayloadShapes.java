package io.interlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.Source;

/**
 * How the payload reaches each policy call as a fresh guest object. GraalJS's {@code JSON.parse}
 * of a 1.7 KB sign-up payload was a quarter of an evaluation (issue 27), and it runs once per
 * policy call. Payloads of one trigger mostly share a shape (the same keys and array lengths,
 * different values), so a shape seen {@link #HOT} times gets a builder: a JavaScript function whose
 * body is an object literal of that shape, taking the leaf values as arguments. Truffle compiles
 * it like any other function; it builds the object about twenty times faster than the parse.
 *
 * <p>The object is the one {@code JSON.parse} makes: ordinary objects and arrays with the same own
 * properties in the same order (a {@code "__proto__"} key stays an own property: it is written as
 * a computed key), strings as they were, numbers rounded to a double as the parse rounds them. What
 * could differ is not handed over this way: an integer {@code -0} (the host tree keeps no sign for
 * it), a value the host tree holds in another form, and shapes too large to be worth a function.
 *
 * <p>Keys come from the request, so they are written into the source only as string literals
 * escaped down to printable ASCII: a key cannot end its literal. Both caches are bounded (the
 * counts here, the compiled builders per context in {@link ChainContext}): a stream of new shapes
 * costs a count each and falls back to the parse, never a new function per request.
 */
final class PayloadShapes {

    /** Sightings of a shape before it gets a builder: a shape seen once is not worth compiling. */
    static final int HOT = 16;
    /** Shapes counted per chain; the least recently seen are forgotten. */
    private static final int COUNTED = 128;
    private static final int MAX_LEAVES = 200;
    private static final int MAX_LITERAL_CHARS = 16_384;

    /** A payload's shape: the builder's object literal, with leaf values as the arguments a0, a1, … */
    static final class Shape {
        private final String literal;
        private final int leaves;
        private final AtomicInteger seen = new AtomicInteger();
        private volatile Source builder;

        private Shape(String literal, int leaves) {
            this.literal = literal;
            this.leaves = leaves;
        }

        /** The builder's source once the shape is hot, else null. */
        Source builder() {
            return builder;
        }

        private void seen() {
            if (seen.incrementAndGet() == HOT) {
                StringBuilder source = new StringBuilder("(function (");
                for (int i = 0; i < leaves; i++) {
                    source.append(i == 0 ? "a" : ",a").append(i);
                }
                source.append(") { return ").append(literal).append("; })");
                builder = Source.newBuilder("js", source.toString(), "interlock-payload.js").cached(true).buildLiteral();
            }
        }
    }

    /**
     * The payload as the policies of one evaluation get it: its JSON text, and when its shape is
     * hot, that shape and the leaf values its builder takes.
     */
    record Handed(String json, Shape shape, Object[] values) {
        Handed {
            if (shape != null && shape.builder() == null) {
                shape = null;
            }
        }
    }

    private final Cache<String, Shape> shapes = Caffeine.newBuilder().maximumSize(COUNTED).build();

    Handed hand(JsonNode payload, String json) {
        Writer writer = new Writer(json);
        if (!writer.write(payload)) {
            return new Handed(json, null, null);
        }
        String literal = writer.literal.toString();
        Shape shape = shapes.get(literal, key -> new Shape(key, writer.values.size()));
        shape.seen();
        return new Handed(json, shape, writer.values.toArray());
    }

    /** Walks the tree once: the literal of its shape, and its leaf values in order. */
    private static final class Writer {
        private final String json;
        private final StringBuilder literal = new StringBuilder(256);
        private final List<Object> values = new ArrayList<>();

        Writer(String json) {
            this.json = json;
        }

        /** False when the payload is not handed over by a builder (see the class comment). */
        boolean write(JsonNode node) {
            if (literal.length() > MAX_LITERAL_CHARS) {
                return false;
            }
            if (node.isObject()) {
                literal.append('{');
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    key(field.getKey());
                    if (!write(field.getValue())) {
                        return false;
                    }
                    literal.append(it.hasNext() ? "," : "");
                }
                literal.append('}');
                return true;
            }
            if (node.isArray()) {
                literal.append('[');
                for (int i = 0; i < node.size(); i++) {
                    literal.append(i == 0 ? "" : ",");
                    if (!write(node.get(i))) {
                        return false;
                    }
                }
                literal.append(']');
                return true;
            }
            return leaf(node);
        }

        private boolean leaf(JsonNode node) {
            Object value;
            if (node.isTextual()) {
                value = node.textValue();
            } else if (node.isBoolean()) {
                value = node.booleanValue();
            } else if (node.isNull()) {
                value = null;
            } else if (node.isInt() && (node.intValue() != 0 || !hasNegativeZero(json))) {
                value = node.intValue();
            } else if (node.isLong() || node.isBigInteger() || node.isDouble()) {
                value = node.doubleValue(); // correctly rounded, as the parse rounds the decimal text
            } else {
                return false;
            }
            if (values.size() == MAX_LEAVES) {
                return false;
            }
            literal.append('a').append(values.size());
            values.add(value);
            return true;
        }

        /**
         * A key as a computed property name: {@code ["__proto__"]: v} defines an own property as
         * the parse does, where {@code "__proto__": v} would set the prototype.
         */
        private void key(String key) {
            literal.append('[');
            quote(key, literal);
            literal.append("]:");
        }
    }

    /** A JavaScript string literal of {@code text} in printable ASCII, every other character escaped. */
    static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append("\\u").append(Character.forDigit(c >> 12, 16)).append(Character.forDigit((c >> 8) & 0xf, 16))
                        .append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        out.append('"');
    }

    /**
     * Whether the text may hold the number {@code -0}, which the host tree reads as a plain 0; a
     * string holding "-0" also answers true, which only costs the builder for that payload.
     */
    static boolean hasNegativeZero(String json) {
        for (int at = json.indexOf("-0"); at >= 0; at = json.indexOf("-0", at + 2)) {
            int next = at + 2;
            if (next == json.length() || ",]} \t\r\n".indexOf(json.charAt(next)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
