package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interlock.json.StrictJson;
import io.interlock.testing.Channels;
import io.interlock.testing.Channels.Channel;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each channel of {@link Channels} through the engine, on one context per chain as production reuses them. */
class IsolationChannelsTest {

    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024))
            .withSecrets(ActionSecrets.of(Map.of(Channels.SECRET_NAME, Channels.SECRET)))
            .withContexts(new EngineSettings.Contexts(1, 1_000_000, Long.MAX_VALUE)));

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    static Stream<Channel> channels() {
        return Channels.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channels")
    void noEvaluationOrPolicySeesAnotherOnesChange(Channel channel) {
        List<PolicySource> policies = channel.chain().stream().map(p -> new PolicySource(p.file(), p.source())).toList();
        try (PreparedChain chain = ENGINE.prepare(channel.trigger(), policies, null)) {
            List<String> answers = channel.emails().stream()
                    .map(email -> answer(ENGINE.evaluate(chain, StrictJson.parse(channel.payload(email)).node().orElseThrow())))
                    .toList();
            assertEquals(channel.answers(), answers);
        }
    }

    static String answer(EvaluationResult result) {
        if (result.failed()) {
            Failure failure = result.failure().get();
            return failure.code().code() + " " + failure.policy();
        }
        var wire = result.response().orElseThrow().toWire();
        String decision = wire.path("decision").asText();
        return decision.equals("DENY") ? decision + " " + wire.path("error").path("message").asText() : decision;
    }

}
