package io.interlock.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.fetch.DeclaredAnswers;
import java.util.List;
import java.util.Map;

/**
 * One case, ready to run: {@code payload} is already resolved (file read, patch applied) and
 * checked like /v1/intercept checks a request. {@code index} is its position in the file.
 * {@code secrets}: the Auth0 Action secrets it runs with (the file's, then its own, over the
 * environment's), empty when it sets none. {@code fetch}: the declared answers of its policies'
 * calls, its own first, then the file's.
 */
public record PolicyCase(int index, String name, JsonNode payload, Expectation expect, Map<String, String> secrets,
        List<DeclaredAnswers.Answer> fetch) {

    public PolicyCase {
        secrets = Map.copyOf(secrets);
        fetch = List.copyOf(fetch);
    }

    public PolicyCase(int index, String name, JsonNode payload, Expectation expect) {
        this(index, name, payload, expect, Map.of(), List.of());
    }
}
