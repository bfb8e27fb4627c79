package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST /v1/evaluate: the loaded chain, edited chains, their failures, and every bad request. */
class DryRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("interlock.policies", "policies",
                "interlock.reload", false, "micronaut.server.port", -1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void runsTheLoadedChainWithATracePerPolicy() throws Exception {
        HttpResponse<String> response = evaluate(body(null, null));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body());
        assertEquals("ALLOW", answer.path("result").path("decision").asText());
        assertTrue(answer.path("decision_id").asText().startsWith("dec_"));
        assertEquals(answer.path("decision_id").asText(), response.headers().firstValue("Interlock-Decision-Id").orElse(""));
        // The shipped pre-signup chain: two Interlock policies and an Auth0 Action.
        assertEquals(3, answer.path("trace").size());
        assertEquals("policies/pre-signup/30-auth0-domain-allowlist.js", answer.path("trace").get(2).path("policy").asText());
        assertEquals("allow", answer.path("trace").get(2).path("outcome").asText());
        assertEquals("policies/pre-signup/10-approved-domains.js", answer.path("trace").get(0).path("policy").asText());
        assertEquals("allow", answer.path("trace").get(0).path("outcome").asText());
    }

    static Stream<Arguments> editedPolicies() {
        return Stream.of(
                Arguments.of("export default () => ({ decision: 'DENY', error: { message: 'no' } });", null, "DENY", 1),
                Arguments.of("export default () => {\n  const = 1;\n};", "policy_error", "DENY", 2),
                Arguments.of("export default () => { while (true) {} };", "policy_timeout", "DENY", 1),
                Arguments.of("export default () => ({ decision: 'MAYBE' });", "invalid_decision", "DENY", 1),
                Arguments.of("export default () => { throw new Error('boom'); };", "policy_error", "DENY", 1),
                Arguments.of("export const x = 1;", "policy_error", "DENY", 1));
    }

    @ParameterizedTest
    @MethodSource("editedPolicies")
    void runsAnEditedChainAndReportsItsFailure(String source, String failure, String decision, int line) throws Exception {
        ObjectNode body = body(null, null);
        body.putArray("policies").addObject().put("name", "10-edited.js").put("source", source);
        HttpResponse<String> response = evaluate(body);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body());
        assertEquals(decision, answer.path("result").path("decision").asText(), response.body());
        if (failure == null) {
            assertTrue(answer.path("failure").isNull(), response.body());
        } else {
            assertEquals(failure, answer.path("failure").path("code").asText(), response.body());
            assertEquals("10-edited.js", answer.path("failure").path("policy").asText(), response.body());
            assertEquals("deny", answer.path("on_error").asText());
        }
        if (failure != null && failure.equals("policy_error") && source.contains("const =")) {
            assertEquals(line, answer.path("failure").path("line").asInt(), response.body());
        }
    }

    /** Issue 28 item 3: a draft imports the folder's helpers as a file of its trigger's folder would. */
    @Test
    void aDraftImportsTheFoldersHelpers() throws Exception {
        ObjectNode body = body(null, null);
        body.putArray("policies").addObject().put("name", "10-draft.js").put("source", "import { emailDomain } from '../lib/email.js';\n"
                + "export default (ctx) => ({ decision: 'DENY', error: { message: 'domain ' + emailDomain(ctx.interceptor_context.user_email) } });");
        JsonNode answer = JSON.readTree(evaluate(body).body());
        assertEquals("domain " + Payloads.of(Trigger.PRE_SIGNUP).path("interceptor_context").path("user_email").asText().split("@")[1],
                answer.path("result").path("error").path("message").asText(), answer.toString());

        body.putArray("policies").addObject().put("name", "10-draft.js").put("source", "import { nope } from '../lib/email.js';\n"
                + "export default () => ({ decision: 'ALLOW' });");
        answer = JSON.readTree(evaluate(body).body());
        assertEquals("policy_error", answer.path("failure").path("code").asText(), answer.toString());
        assertTrue(answer.path("failure").path("message").asText().contains("policies/lib/email.js does not export it"), answer.toString());
        assertEquals(1, answer.path("failure").path("line").asInt(), answer.toString());
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("{", "bad_request"),
                Arguments.of("[]", "body: must be a JSON object"),
                Arguments.of("{}", "payload: required"),
                Arguments.of("{\"payload\":{},\"x\":1}", "x: unknown field"),
                Arguments.of("{\"payload\":{}}", "trigger: required when payload.trigger_point is absent"),
                Arguments.of("{\"trigger\":\"NOPE\",\"payload\":{}}", "trigger: must be one of"),
                Arguments.of("{\"trigger\":\"PRE_SESSION_CREATION\",\"payload\":{\"trigger_point\":\"PRE_SIGNUP\"}}",
                        "does not match payload.trigger_point"),
                Arguments.of("{\"trigger\":\"PRE_SIGNUP\",\"payload\":{\"trigger_point\":\"PRE_SIGNUP\",\"interceptor_context\":{\"user_email\":5}}}",
                        "payload.interceptor_context.user_email: must be a string"),
                Arguments.of("{\"trigger\":\"PRE_SIGNUP\",\"payload\":{\"trigger_point\":\"PRE_SIGNUP\"},\"policies\":{}}",
                        "policies: must be an array"),
                Arguments.of("{\"trigger\":\"PRE_SIGNUP\",\"payload\":{\"trigger_point\":\"PRE_SIGNUP\"},\"policies\":[{\"name\":\"a.js\"}]}",
                        "policies[0]"),
                Arguments.of("{\"payload\":{\"trigger_point\":\"PRE_SIGNUP\"},\"payload\":{}}", "bad_request"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badRequestsGet400NamingTheField(String body, String expected) throws Exception {
        HttpResponse<String> response = Signer.send(request().POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertEquals("bad_request", error.path("code").asText());
        assertTrue(error.toString().contains(expected), error.toString());
    }

    @Test
    void otherMediaTypesAndMethodsAreRefusedCleanly() throws Exception {
        HttpResponse<String> text = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/evaluate"))
                .header("content-type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(415, text.statusCode(), text.body());
        HttpResponse<String> get = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/evaluate")).build());
        assertEquals(405, get.statusCode(), get.body());
        assertTrue(JSON.readTree(get.body()).path("error").has("code"));
    }

    private static ObjectNode body(String trigger, JsonNode payload) {
        ObjectNode body = JSON.createObjectNode();
        if (trigger != null) {
            body.put("trigger", trigger);
        }
        body.set("payload", payload == null ? Payloads.of(Trigger.PRE_SIGNUP) : payload);
        return body;
    }

    private static HttpRequest.Builder request() {
        return HttpRequest.newBuilder(server.getURI().resolve("/v1/evaluate")).header("content-type", "application/json");
    }

    private static HttpResponse<String> evaluate(JsonNode body) throws Exception {
        return Signer.send(request().POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }
}
