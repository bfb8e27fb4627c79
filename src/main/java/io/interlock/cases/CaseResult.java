package io.interlock.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.engine.Failure;
import io.interlock.engine.PolicyTrace;
import java.util.List;
import java.util.Optional;

/**
 * One case after it ran: the wire answer the service would have sent, the engine's failure if
 * any, what did not match the expectation (empty: passed) and each policy's trace with its
 * console output, which is what an author reads first when a case fails. {@code retried}: the
 * first run exceeded the service's time limit and this is the second, longer one.
 */
public record CaseResult(
        String file,
        PolicyCase testCase,
        JsonNode actual,
        Optional<Failure> failure,
        List<String> mismatches,
        List<PolicyTrace> trace,
        boolean retried) {

    public CaseResult {
        mismatches = List.copyOf(mismatches);
        trace = List.copyOf(trace);
    }

    public boolean passed() {
        return mismatches.isEmpty();
    }

    public String name() {
        return testCase.name();
    }
}
