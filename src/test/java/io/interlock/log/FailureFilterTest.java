package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.LogSettings.Pii;
import io.interlock.engine.FailureCode;
import io.interlock.http.DecisionRecorder.Call;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.interlock.testing.Servers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure code the log writes can be filtered on, and the list the playground offers is the
 * list the filter checks against.
 */
class FailureFilterTest {

    /** One call of each kind that ends in a failure, as the controllers record them. */
    static Stream<Arguments> failedCalls() {
        List<Arguments> calls = new ArrayList<>();
        for (FailureCode code : FailureCode.values()) {
            calls.add(Arguments.of(code.code(), Calls.failed("e", Trigger.PRE_SIGNUP,
                    Calls.payload(Trigger.PRE_SIGNUP, null), code, "it failed")));
        }
        calls.add(Arguments.of("overloaded", Calls.overloaded("e", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null))));
        calls.add(Arguments.of("bad_request", new Call("e", "intercept", null, null, null, 400, "127.0.0.1",
                "body is not JSON")));
        return calls.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("failedCalls")
    void eachLoggedFailureCanBeFilteredOn(String code, Call call) {
        DecisionLog log = DecisionLogTest.log(Pii.MASKED, 10, false);
        log.record(call);
        assertEquals(code, log.find("e").orElseThrow().failureCode());
        assertTrue(FailureCodes.ALL.contains(code), code + " is not in FailureCodes.ALL");
        ObjectNode page = log.page(Map.of("failure", List.of(code)));
        assertEquals(1, page.get("decisions").size(), page.toString());
    }

    @Test
    void theServerListsTheCodesItAccepts() {
        try (EmbeddedServer server = Servers.start(Map.of())) {
            HttpResponse<String> filters = get(server, "/v1/decisions/filters");
            assertEquals(200, filters.statusCode(), filters.body());
            JsonNode body = DecisionLogTest.parse(filters.body());
            List<String> offered = new ArrayList<>();
            body.get("failure").forEach(c -> offered.add(c.asText()));
            assertEquals(FailureCodes.ALL, offered);
            assertEquals("[\"intercept\",\"evaluate\"]", body.get("source").toString());
            assertEquals("[\"agree\",\"disagree\",\"any\"]", body.get("shadow").toString());
            assertEquals(Trigger.values().length, body.get("trigger").size());
            for (String code : offered) {
                HttpResponse<String> page = get(server, "/v1/decisions?failure=" + code);
                assertEquals(200, page.statusCode(), code + ": " + page.body());
            }
        }
    }

    private static HttpResponse<String> get(EmbeddedServer server, String path) {
        return Signer.send(HttpRequest.newBuilder(server.getURI().resolve(path)).build());
    }
}
