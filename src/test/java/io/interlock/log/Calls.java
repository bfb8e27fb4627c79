package io.interlock.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.OnError;
import io.interlock.decision.TriggerResponse;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.Failure;
import io.interlock.engine.FailureCode;
import io.interlock.engine.PolicyTrace;
import io.interlock.http.DecisionRecorder.Call;
import io.interlock.policy.PolicyFile;
import io.interlock.service.DecisionService;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Answered calls built by hand, as the controllers would record them. */
final class Calls {
    private Calls() {}

    static PolicyFile file(Trigger trigger, String fileName) {
        String name = "policies/" + trigger.folder() + "/" + fileName;
        return new PolicyFile(trigger, name, fileName, "export default () => ({ decision: 'ALLOW' })", "sha256:" + "ab".repeat(32));
    }

    /** The seed payload of the trigger, with the user's email replaced when one is given. */
    static JsonNode payload(Trigger trigger, String email) {
        ObjectNode payload = (ObjectNode) Payloads.of(trigger);
        if (email != null) {
            ((ObjectNode) payload.get("interceptor_context")).put("user_email", email);
        }
        return payload;
    }

    static Call decided(String id, String source, Trigger trigger, JsonNode payload, String verdict, String fileName,
            List<String> console) {
        PolicyFile file = file(trigger, fileName);
        TriggerResponse response = "DENY".equals(verdict) ? TriggerResponse.deny(trigger, "no") : TriggerResponse.allow(trigger);
        PolicyTrace trace = new PolicyTrace(file.name(), PolicyTrace.Outcome.valueOf(verdict), 1.5, console);
        EvaluationResult result = new EvaluationResult(trigger, Optional.of(response), Optional.empty(), List.of(trace),
                Optional.of(file.name()), 1.2345);
        return new Call(id, source, trigger, payload, DecisionService.apply(OnError.DENY, result, List.of(file)), 200,
                "203.0.113.24");
    }

    static Call failed(String id, Trigger trigger, JsonNode payload, FailureCode code, String message) {
        PolicyFile file = file(trigger, "10-main.js");
        Failure failure = new Failure(code, message, file.name(), 3, 9);
        // It was waiting for an upstream when its time ran out.
        PolicyTrace trace = new PolicyTrace(file.name(), PolicyTrace.Outcome.ERROR, 500, List.of(), List.of(
                new io.interlock.fetch.FetchCall("GET", "billing.acmecorp.com", "billing.acmecorp.com", null, "deadline",
                        "fetch GET billing.acmecorp.com: no answer before the evaluation's time limit", 499.5)));
        EvaluationResult result = new EvaluationResult(trigger, Optional.empty(), Optional.of(failure), List.of(trace),
                Optional.empty(), 500.2);
        return new Call(id, "intercept", trigger, payload, DecisionService.apply(OnError.DENY, result, List.of(file)), 200,
                "2001:db8:85a3:8d3:1319:8a2e:370:7348");
    }

    /** A chain stopped before its first file started (a timeout in the harness): its trace entry has no file name. */
    static Call stoppedBeforeTheFirstFile(String id, Trigger trigger, JsonNode payload) {
        PolicyFile file = file(trigger, "10-main.js");
        Failure failure = new Failure(FailureCode.POLICY_TIMEOUT, "exceeded the time limit of 500 ms", null, null, null);
        PolicyTrace trace = new PolicyTrace(null, PolicyTrace.Outcome.ERROR, 500, List.of());
        EvaluationResult result = new EvaluationResult(trigger, Optional.empty(), Optional.of(failure), List.of(trace),
                Optional.empty(), 500.2);
        return new Call(id, "intercept", trigger, payload, DecisionService.apply(OnError.DENY, result, List.of(file)), 200,
                "127.0.0.1");
    }

    /** The same call, made by that version of its chain (issue 28). */
    static Call madeBy(Call call, String label, String chain) {
        return new Call(call.id(), call.source(), call.trigger(), call.payload(),
                call.decided().madeBy(Optional.of(new io.interlock.policy.ChainVersion(label, chain))), call.httpStatus(), call.ip());
    }

    static Call overloaded(String id, Trigger trigger, JsonNode payload) {
        return new Call(id, "intercept", trigger, payload, null, 503, "127.0.0.1");
    }

    /** A clock the test moves by hand, so event times are known. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
