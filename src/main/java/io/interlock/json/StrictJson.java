package io.interlock.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * The one JSON reader for untrusted input (request bodies, guest output, policy data).
 *
 * <p>Jackson's defaults accept trailing tokens, duplicate keys and unbounded nesting; each of
 * those lets two readers of the same bytes disagree, so all are refused here.
 */
public final class StrictJson {

    public static final int MAX_DEPTH = 64;
    private static final ObjectMapper MAPPER = build();

    private StrictJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses bytes into a tree, or explains in one line why they are not acceptable JSON. */
    public static Parsed parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                return new Parsed(Optional.empty(), Optional.of("body is empty"));
            }
            return new Parsed(Optional.of(node), Optional.empty());
        } catch (IOException e) {
            return new Parsed(Optional.empty(), Optional.of(describe(e)), location(e));
        }
    }

    public static Parsed parse(String text) {
        return parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Either a tree or a reason; never both. {@code location} is where in the text the reason
     * applies, when known, so files can be reported as {@code file:line:column: reason}.
     */
    public record Parsed(Optional<JsonNode> node, Optional<String> error, Optional<Location> location) {
        public Parsed(Optional<JsonNode> node, Optional<String> error) {
            this(node, error, Optional.empty());
        }
    }

    /** A 1-based position in the parsed text and the reason without the position in it. */
    public record Location(int line, int column, String reason) {}

    private static Optional<Location> location(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                && jpe.getLocation().getLineNr() > 0) {
            String full = describe(e);
            int at = full.lastIndexOf(" (line ");
            String reason = at < 0 ? full : full.substring(0, at);
            return Optional.of(new Location(jpe.getLocation().getLineNr(), Math.max(1, jpe.getLocation().getColumnNr()), reason));
        }
        return Optional.empty();
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "invalid JSON" : e.getMessage();
        if (message.startsWith("Trailing token")) {
            // Jackson's wording names its own classes and settings; say what the sender did
            message = "more data after the end of the JSON value";
        }
        int detail = message.indexOf("\n at [");
        if (detail >= 0) {
            message = message.substring(0, detail);
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
            var loc = jpe.getLocation();
            message = message + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        }
        // Jackson quotes source snippets with internal class names and settings; keep the reason and positions.
        message = message.replaceAll("\\(for [^)]*\\)", "").replaceAll(", from `[^`]*`", "")
                .replaceAll("\\(start marker at \\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]\\)", "(opened at line $1, column $2)")
                .replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
        return "invalid JSON: " + message.replaceAll("\\s+", " ").trim();
    }

    private static ObjectMapper build() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(1_000_000)
                        .maxNumberLength(100)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
                .build();
    }
}
