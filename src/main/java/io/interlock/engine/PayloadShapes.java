package io.interlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * <p>A payload of a shape not yet hot costs one walk that hashes its structure (keys, nesting,
 * array lengths) without allocating, and a count in a fixed table: a stream of new shapes costs
 * about a microsecond more than the parse alone. A hot shape keeps the structure it was built from
 * and each payload is matched against it while its values are collected, so two shapes with the
 * same hash never share a builder; a payload of the shape before it needs no hash at all.
 *
 * <p>Keys come from the request, so they are written into the source only as string literals
 * escaped down to printable ASCII: a key cannot end its literal. Both caches are bounded (the
 * shapes counted here, the compiled builders per context in {@link ChainContext}).
 */
final class PayloadShapes {

    /** Sightings of a shape before it gets a builder: a shape seen once is not worth compiling. */
    static final int HOT = 16;
    /** Hot shapes kept per chain; the least used are forgotten (and their builders with them). */
    private static final int HOT_SHAPES = 64;
    /** Slots counting sightings of shapes not yet hot; a new shape takes over its slot. */
    private static final int SLOTS = 1024;
    private static final long COUNT = 0xFF;
    private static final int MAX_LEAVES = 200;
    private static final int MAX_NODES = 1_000;
    /** Keys are written into the builder's source: a payload with more key text than this keeps the parse. */
    private static final int MAX_KEY_CHARS = 16_384;

    /** A hot shape: the structure of the payload that made it hot, and its builder. */
    static final class Shape {
        /** Pre-order: an object of n fields is (n << 2) | OBJECT, an array of n items (n << 2) | ARRAY, a leaf LEAF. */
        private final int[] nodes;
        private final String[] keys;
        private final int leaves;
        private final Source builder;

        private Shape(Recording recording) {
            this.nodes = recording.nodes.stream().mapToInt(Integer::intValue).toArray();
            this.keys = recording.keys.toArray(String[]::new);
            this.leaves = recording.leaves;
            this.builder = Source.newBuilder("js", recording.source(), "interlock-payload.js").cached(true).buildLiteral();
        }

        Source builder() {
            return builder;
        }
    }

    /**
     * The payload as the policies of one evaluation get it: its JSON text, and when its shape is
     * hot, that shape and the leaf values its builder takes.
     */
    record Handed(String json, Shape shape, Object[] values) {}

    private final Cache<Long, Shape> hot = Caffeine.newBuilder().maximumSize(HOT_SHAPES).executor(Runnable::run).build();
    /** Per slot: the shape's hash above the low byte, and in the low byte how often it was seen. */
    private final AtomicLongArray sightings = new AtomicLongArray(SLOTS);
    /** The shape handed over last: most calls have the shape of the one before, and need no hash. */
    private volatile Shape last;

    Handed hand(JsonNode payload, String json) {
        Walk walk = new Walk(last, json).of(payload);
        if (walk.values() != null) {
            return new Handed(json, walk.shape, walk.values());
        }
        if (walk.unsuited) {
            return new Handed(json, null, null);
        }
        long hash = walk.hash();
        Shape shape = hot.getIfPresent(hash);
        if (shape == null) {
            if (!sighted(hash)) {
                return new Handed(json, null, null);
            }
            shape = hot.get(hash, key -> new Shape(new Recording(payload)));
        }
        Object[] values = new Walk(shape, json).of(payload).values();
        if (values == null) {
            return new Handed(json, null, null);
        }
        last = shape;
        return new Handed(json, shape, values);
    }

    /** Counts a sighting of a shape not yet hot; true once it was seen {@link #HOT} times. */
    private boolean sighted(long hash) {
        int slot = (int) (hash & (SLOTS - 1));
        long tag = hash & ~COUNT;
        while (true) {
            long seen = sightings.get(slot);
            boolean same = (seen & ~COUNT) == tag;
            if (same && (seen & COUNT) >= HOT) {
                return true;
            }
            long next = same ? seen + 1 : tag | 1;
            if (sightings.compareAndSet(slot, seen, next)) {
                return (next & COUNT) >= HOT;
            }
        }
    }

    static final int LEAF = 0;
    static final int OBJECT = 1;
    static final int ARRAY = 2;

    /** The structure of the payload that made a shape hot, and its builder's source. */
    private static final class Recording {
        private final List<Integer> nodes = new ArrayList<>();
        private final List<String> keys = new ArrayList<>();
        private final StringBuilder literal = new StringBuilder(256);
        private int leaves;

        Recording(JsonNode payload) {
            write(payload);
        }

        private void write(JsonNode node) {
            if (node.isObject()) {
                nodes.add((node.size() << 2) | OBJECT);
                literal.append('{');
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    keys.add(field.getKey());
                    // a computed name: ["__proto__"]: v defines an own property, as the parse does
                    literal.append('[').append(ModuleImports.quote(field.getKey())).append("]:");
                    write(field.getValue());
                    literal.append(it.hasNext() ? "," : "");
                }
                literal.append('}');
            } else if (node.isArray()) {
                nodes.add((node.size() << 2) | ARRAY);
                literal.append('[');
                for (int i = 0; i < node.size(); i++) {
                    literal.append(i == 0 ? "" : ",");
                    write(node.get(i));
                }
                literal.append(']');
            } else {
                nodes.add(LEAF);
                literal.append('a').append(leaves++);
            }
        }

        String source() {
            StringBuilder source = new StringBuilder("(function (");
            for (int i = 0; i < leaves; i++) {
                source.append(i == 0 ? "a" : ",a").append(i);
            }
            return source.append(") { return ").append(literal).append("; })").toString();
        }
    }

    /**
     * One walk of a payload: the hash of its structure, and while it has the structure of
     * {@code shape} (when one is given), its leaf values in order for that shape's builder.
     */
    private static final class Walk {
        private final Shape shape;
        private final String json;
        private final Object[] values;
        private boolean matching;
        private boolean unsuited;
        private boolean zero;
        private int node;
        private int key;
        private int leaf;
        private int seen;
        private int keyChars;
        private long hash = 0x2545F4914F6CDD1DL;

        Walk(Shape shape, String json) {
            this.shape = shape;
            this.json = json;
            this.matching = shape != null;
            this.values = matching ? new Object[shape.leaves] : null;
        }

        Walk of(JsonNode payload) {
            walk(payload);
            matching = matching && !unsuited && node == shape.nodes.length;
            return this;
        }

        /** The values for the shape's builder; null when the payload is not of that shape or holds a -0. */
        Object[] values() {
            return matching && !(zero && hasNegativeZero(json)) ? values : null;
        }

        long hash() {
            long h = hash; // MurmurHash3's finaliser: every input bit reaches every output bit
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            return h ^ (h >>> 33);
        }

        private void mix(long value) {
            hash = (hash ^ value) * 0x100000001b3L + 0x9E3779B97F4A7C15L;
        }

        /** Whether the next node of the shape is {@code code}; from the first that is not, the walk only hashes. */
        private void expect(int code) {
            matching = matching && node < shape.nodes.length && shape.nodes[node++] == code;
        }

        private void walk(JsonNode n) {
            if (unsuited || ++seen > MAX_NODES) {
                unsuited = true;
                return;
            }
            if (n.isObject()) {
                int code = (n.size() << 2) | OBJECT;
                mix(code);
                expect(code);
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext() && !unsuited;) {
                    Map.Entry<String, JsonNode> field = it.next();
                    String name = field.getKey();
                    keyChars += name.length();
                    unsuited |= keyChars > MAX_KEY_CHARS;
                    mix(name.hashCode());
                    mix(name.length());
                    matching = matching && key < shape.keys.length && name.equals(shape.keys[key++]);
                    walk(field.getValue());
                }
            } else if (n.isArray()) {
                int code = (n.size() << 2) | ARRAY;
                mix(code);
                expect(code);
                for (int i = 0; i < n.size() && !unsuited; i++) {
                    walk(n.get(i));
                }
            } else {
                mix(LEAF);
                expect(LEAF);
                Object value = leaf(n);
                unsuited = value == UNSUITED_LEAF || leaf >= MAX_LEAVES;
                if (matching && !unsuited) {
                    values[leaf] = value;
                }
                leaf++;
            }
        }

        private Object leaf(JsonNode n) {
            if (n.isTextual()) {
                return n.textValue();
            }
            if (n.isBoolean()) {
                return n.booleanValue();
            }
            if (n.isNull()) {
                return null;
            }
            if (n.isInt()) {
                zero |= n.intValue() == 0;
                return n.intValue();
            }
            if (n.isLong() || n.isBigInteger() || n.isDouble()) {
                return n.doubleValue(); // correctly rounded, as the parse rounds the decimal text
            }
            return UNSUITED_LEAF;
        }
    }

    private static final Object UNSUITED_LEAF = new Object();

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
