package io.interlock.cases;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One case, ready to run: {@code payload} is already resolved (file read, patch applied) and
 * checked like /v1/intercept checks a request. {@code index} is its position in the file.
 * {@code secrets}: the Auth0 Action secrets it runs with (the file's, then its own, over the
 * environment's), empty when it sets none.
 */
public record PolicyCase(int index, String name, JsonNode payload, Expectation expect, java.util.Map<String, String> secrets) {

    public PolicyCase {
        secrets = java.util.Map.copyOf(secrets);
    }

    public PolicyCase(int index, String name, JsonNode payload, Expectation expect) {
        this(index, name, payload, expect, java.util.Map.of());
    }
}
