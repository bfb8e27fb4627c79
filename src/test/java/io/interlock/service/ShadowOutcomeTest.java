package io.interlock.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interlock.config.OnError;
import io.interlock.decision.PreSessionCreationResponse;
import io.interlock.decision.TriggerResponse;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.Failure;
import io.interlock.engine.FailureCode;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whether a shadow run agrees with the live answer: the answer the platform would have got, part by part. */
class ShadowOutcomeTest {

    private static final Trigger T = Trigger.PRE_SESSION_CREATION;

    static Stream<Arguments> pairs() {
        return Stream.of(
                // what | live | shadow | the parts that differ
                Arguments.of("the same ALLOW", allow(), allow(), List.of()),
                Arguments.of("ALLOW and DENY", allow(), deny("no"), List.of("decision", "error_message")),
                Arguments.of("two DENYs, other messages", deny("no"), deny("not today"), List.of("error_message")),
                Arguments.of("a DENY without a message and one with", deny(null), deny("no"), List.of("error_message")),
                Arguments.of("other claims", claims(Map.of("tier", "gold")), claims(Map.of("tier", "silver")), List.of("claims")),
                Arguments.of("claims and none", claims(Map.of("tier", "gold")), allow(), List.of("claims")),
                Arguments.of("a failure answered DENY by on-error, against that same DENY",
                        DecisionService.apply(OnError.DENY, failed(), List.of()), deny(DecisionService.GENERIC_DENIAL), List.of()),
                Arguments.of("two 503s of on-error=error", DecisionService.apply(OnError.ERROR, failed(), List.of()),
                        DecisionService.apply(OnError.ERROR, failed(), List.of()), List.of()),
                Arguments.of("a 503 and an ALLOW", DecisionService.apply(OnError.ERROR, failed(), List.of()), allow(),
                        List.of("decision")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void comparesTheAnswersThePlatformWouldGet(String what, Decided live, Decided shadow, List<String> differs) {
        ShadowOutcome outcome = ShadowOutcome.of(live, shadow);
        assertEquals(differs, outcome.differs());
        assertEquals(differs.isEmpty(), outcome.agrees());
        assertEquals(shadow, outcome.decided());
    }

    private static Decided allow() {
        return decided(TriggerResponse.allow(T));
    }

    private static Decided deny(String message) {
        return decided(TriggerResponse.deny(T, message));
    }

    private static Decided claims(Map<String, String> claims) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> nodes = new java.util.LinkedHashMap<>();
        claims.forEach((k, v) -> nodes.put(k, com.fasterxml.jackson.databind.node.TextNode.valueOf(v)));
        return decided(new PreSessionCreationResponse(io.interlock.decision.Verdict.ALLOW, Optional.empty(), nodes));
    }

    private static Decided decided(TriggerResponse response) {
        return DecisionService.apply(OnError.DENY, new EvaluationResult(T, Optional.of(response), Optional.empty(), List.of(),
                Optional.empty(), 1), List.of());
    }

    private static EvaluationResult failed() {
        return new EvaluationResult(T, Optional.empty(), Optional.of(new Failure(FailureCode.POLICY_ERROR, "boom", null, null, null)),
                List.of(), Optional.empty(), 1);
    }
}
