package io.interlock.decision;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;
import org.junit.jupiter.params.provider.Arguments;

/** Table-test helpers: tables write JSON with single quotes so rows stay readable. */
final class Cases {
    static final String VALID = "valid";
    static final DecisionValidator VALIDATOR = new DecisionValidator(ValidationOptions.defaults());

    private static final ObjectMapper LENIENT =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private Cases() {}

    static Arguments row(Trigger trigger, String snapshot, String expected) {
        return Arguments.of(trigger, snapshot, expected);
    }

    static JsonNode json(String singleQuoted) {
        try {
            return LENIENT.readTree(singleQuoted);
        } catch (IOException e) {
            throw new UncheckedIOException("bad JSON in a test table: " + singleQuoted, e);
        }
    }

    /** The seed 000 request for a trigger, as the fixtures under test resources hold it. */
    static JsonNode seedRequest(Trigger trigger) {
        String resource = "/payloads/" + trigger.folder() + ".json";
        try (InputStream in = Cases.class.getResourceAsStream(resource)) {
            return LENIENT.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    static Validation validate(Trigger trigger, String snapshot) {
        return VALIDATOR.validate(trigger, json(snapshot), seedRequest(trigger));
    }

    /** "valid", or the violations joined by " | " in reported order. */
    static String outcome(Validation validation) {
        if (validation instanceof Validation.Invalid invalid) {
            return invalid.violations().stream().map(Violation::toString).collect(Collectors.joining(" | "));
        }
        return VALID;
    }

    /** A single-quoted JSON string literal holding {@code text}. */
    static String quote(String text) {
        return "'" + text + "'";
    }

    static String allowWithClaims(String claims) {
        return "{'decision':'ALLOW','response':{'claims':" + claims + "}}";
    }

    static String denyWithMessage(String messageLiteral) {
        return "{'decision':'DENY','error':{'message':" + messageLiteral + "}}";
    }
}
