package io.interlock.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.engine.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Compares the wire answer (and the failure behind it, if any) with a case's expectation. */
final class Comparison {
    private Comparison() {}

    /** What does not match; empty when the case passes. */
    static List<String> mismatches(Expectation expect, JsonNode wire, Optional<Failure> failure) {
        List<String> out = new ArrayList<>();
        String decision = wire.path("decision").asText();
        if (!expect.decision().name().equals(decision)) {
            out.add("decision: expected " + expect.decision() + ", got " + decision);
        }
        failure(expect, failure, out);
        Optional<JsonNode> message = Optional.ofNullable(wire.path("error").get("message"));
        if (expect.errorMessage().checked()) {
            compare("error.message", expect.errorMessage().value().map(com.fasterxml.jackson.databind.node.TextNode::valueOf), message, out);
        }
        if (expect.response().checked()) {
            compare("response", expect.response().value(), Optional.ofNullable(wire.get("response")), out);
        }
        return out;
    }

    /**
     * A failing policy answers DENY (on-error=deny), so without this rule a policy that throws
     * would pass every case expecting DENY. A failure must be expected to pass.
     */
    private static void failure(Expectation expect, Optional<Failure> failure, List<String> out) {
        if (expect.failure().isPresent()) {
            String wanted = expect.failure().get().code();
            if (failure.isEmpty()) {
                out.add("failure: expected " + wanted + ", but the policy decided");
            } else if (failure.get().code() != expect.failure().get()) {
                out.add("failure: expected " + wanted + ", got " + failure.get().code().code());
            }
        } else if (failure.isPresent()) {
            out.add("failure: the policy failed (" + failure.get().code().code() + ") instead of deciding");
        }
    }

    private static void compare(String part, Optional<JsonNode> expected, Optional<JsonNode> actual, List<String> out) {
        if (expected.isEmpty() && actual.isPresent()) {
            out.add(part + ": expected none, got " + actual.get());
        } else if (expected.isPresent() && actual.isEmpty()) {
            out.add(part + ": expected " + expected.get() + ", got none");
        } else if (expected.isPresent()) {
            out.addAll(JsonDiff.differences(part, expected.get(), actual.get()));
        }
    }
}
