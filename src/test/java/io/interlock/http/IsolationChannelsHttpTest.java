package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.json.StrictJson;
import io.interlock.testing.Channels;
import io.interlock.testing.Channels.Channel;
import io.interlock.testing.Signer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each channel of {@link Channels} through {@code /v1/intercept}, on a server with one worker so
 * consecutive calls reuse its contexts. A failed chain answers per on-error (DENY with the
 * platform's text), so the answer is read back from the decision log by the call's decision id.
 */
class IsolationChannelsHttpTest {

    static Stream<Channel> channels() {
        return Channels.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channels")
    void noCallOrPolicySeesAnotherOnesChange(Channel channel, @TempDir Path policies) throws Exception {
        Path folder = Files.createDirectories(policies.resolve(channel.trigger().folder()));
        for (Channels.Policy policy : channel.chain()) {
            Files.writeString(folder.resolve(policy.file()), policy.source());
        }
        Path secrets = Files.writeString(policies.resolve("secrets.json"),
                "{\"" + Channels.SECRET_NAME + "\": \"" + Channels.SECRET + "\"}");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "interlock.policies", policies.toString(), "interlock.signing-secrets", Signer.SECRET,
                "interlock.secrets-file", secrets.toString(), "interlock.reload", false, "interlock.workers", 1,
                "micronaut.server.port", -1))) {
            Signer signer = new Signer(Signer.SECRET);
            List<String> answers = new ArrayList<>();
            for (String email : channel.emails()) {
                HttpResponse<String> response = Signer.send(signer.signed(server.getURI().resolve("/v1/intercept"),
                        channel.payload(email)).build());
                answers.add(answer(server.getURI(), response));
            }
            assertEquals(channel.answers(), answers);
        }
    }

    /** As the engine's test writes it: ALLOW, DENY message, or the failure's code and policy file. */
    private static String answer(URI server, HttpResponse<String> response) throws Exception {
        String id = response.headers().firstValue(InterceptController.DECISION_HEADER).orElseThrow();
        HttpResponse<String> logged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.resolve("/v1/decisions/" + id))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode event = StrictJson.parse(logged.body()).node().orElseThrow();
        JsonNode failure = event.path("failure");
        if (!failure.isNull() && !failure.isMissingNode()) {
            String located = failure.path("message").asText();
            String file = located.substring(located.lastIndexOf('/', located.indexOf(':')) + 1, located.indexOf(':'));
            return failure.path("code").asText() + " " + file;
        }
        JsonNode body = StrictJson.parse(response.body()).node().orElseThrow();
        String decision = body.path("decision").asText();
        return decision.equals("DENY") ? decision + " " + body.path("error").path("message").asText() : decision;
    }
}
