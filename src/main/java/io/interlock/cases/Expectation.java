package io.interlock.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.decision.Verdict;
import io.interlock.engine.FailureCode;
import java.util.Optional;

/**
 * A case's {@code expect}: the decision always; the error message and the response object
 * when given (null: must be absent); the failure code when the case is about a failing policy.
 * {@code asWritten} is the author's JSON, printed back as "expected" when the case fails.
 */
public record Expectation(
        Verdict decision,
        Check<String> errorMessage,
        Check<JsonNode> response,
        Optional<FailureCode> failure,
        JsonNode asWritten) {
}
