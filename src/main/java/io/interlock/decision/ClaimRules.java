package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code response.claims} (PRE_SESSION_CREATION, PRE_M2M_TOKEN_CREATION + ALLOW): names are
 * bounded and not reserved; values are any JSON, including null, within depth and size
 * bounds. For M2M, {@code scope} and {@code aud} have their own rules.
 */
final class ClaimRules {
    static final String PATH = "response." + ResponseParts.CLAIMS;
    private static final ObjectMapper COMPACT = JsonMapper.builder().build();

    private ClaimRules() {}

    static Map<String, JsonNode> check(
            Trigger trigger, JsonNode claims, JsonNode request, ValidationOptions options, Violations violations) {
        if (!claims.isObject()) {
            violations.add(PATH, "must be an object");
            return Map.of();
        }
        boolean sizeable = true;
        Map<String, JsonNode> checked = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = claims.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> claim = it.next();
            sizeable &= checkClaim(trigger, claim.getKey(), claim.getValue(), request, options, violations);
            checked.put(claim.getKey(), claim.getValue());
        }
        checkCount(claims.size(), options, violations);
        if (sizeable) {
            checkSize((ObjectNode) claims, options, violations);
        }
        // Only used when no violation was found; the response record copies it.
        return checked;
    }

    /** Applies again after a chain merge, where several valid results can add up past the bounds. */
    static void checkBounds(Map<String, JsonNode> claims, ValidationOptions options, Violations violations) {
        checkCount(claims.size(), options, violations);
        boolean sizeable = true;
        for (Map.Entry<String, JsonNode> claim : claims.entrySet()) {
            sizeable &= checkDepth(JsonPath.field(PATH, claim.getKey()), claim.getValue(), options, violations);
        }
        if (sizeable && !claims.isEmpty()) {
            ObjectNode object = Wire.NODES.objectNode();
            object.setAll(claims);
            checkSize(object, options, violations);
        }
    }

    /** Returns false when the value is too deep to serialise safely for the size check. */
    private static boolean checkClaim(Trigger trigger, String name, JsonNode value,
            JsonNode request, ValidationOptions options, Violations violations) {
        String path = JsonPath.field(PATH, name);
        checkName(trigger, name, path, options, violations);
        if (!checkDepth(path, value, options, violations)) {
            return false;
        }
        if (trigger == Trigger.PRE_M2M_TOKEN_CREATION) {
            M2mClaimRules.check(name, value, path, request, options, violations);
        }
        return true;
    }

    private static void checkName(Trigger trigger, String name, String path,
            ValidationOptions options, Violations violations) {
        if (name.isEmpty()) {
            violations.add(path, "claim name must not be empty");
        } else if (Text.length(name) > options.maxClaimNameLength()) {
            violations.add(path, "claim name longer than " + options.maxClaimNameLength() + " characters");
        } else if (ReservedClaims.isReserved(trigger, name)) {
            violations.add(path, "reserved claim");
        } else {
            Text.firstForbidden(name, false).ifPresent(rule -> violations.add(path, "claim name: " + rule));
        }
    }

    private static void checkCount(int count, ValidationOptions options, Violations violations) {
        if (count > options.maxClaims()) {
            violations.add(PATH, "more than " + options.maxClaims() + " claims");
        }
    }

    private static void checkSize(ObjectNode claims, ValidationOptions options, Violations violations) {
        long bytes = serializedBytes(claims);
        if (bytes > options.maxClaimsBytes()) {
            violations.add(PATH, "larger than " + options.maxClaimsBytes() + " bytes serialized");
        }
    }

    private static boolean checkDepth(String path, JsonNode value, ValidationOptions options, Violations violations) {
        if (depthExceeds(value, options.maxClaimDepth())) {
            violations.add(path, "nested deeper than " + options.maxClaimDepth() + " levels");
            return false;
        }
        return true;
    }

    /** Bounded recursion: stops descending once the limit is passed, whatever the input depth. */
    private static boolean depthExceeds(JsonNode value, int remaining) {
        if (!value.isContainerNode()) {
            return false;
        }
        if (remaining == 0) {
            return true;
        }
        for (JsonNode child : value) {
            if (depthExceeds(child, remaining - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Counts without buffering: a policy's oversized claim should not be copied to be measured. */
    private static long serializedBytes(JsonNode node) {
        CountingSink sink = new CountingSink();
        try {
            COMPACT.writeValue(sink, node);
        } catch (IOException e) {
            throw new UncheckedIOException("serialising a JSON tree to memory cannot fail", e);
        }
        return sink.count;
    }

    private static final class CountingSink extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }
}
