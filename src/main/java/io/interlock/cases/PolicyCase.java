package io.interlock.cases;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One case, ready to run: {@code payload} is already resolved (file read, patch applied) and
 * checked like /v1/intercept checks a request. {@code index} is its position in the file.
 */
public record PolicyCase(int index, String name, JsonNode payload, Expectation expect) {
}
