package io.interlock.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.service.Decided;
import io.interlock.service.ShadowOutcome;
import io.interlock.trigger.Trigger;

/** Where every answered call is recorded (the decision log). */
public interface DecisionRecorder {

    /**
     * One answered call. {@code decided} is null when no policy ran: a 503 for overload, or a
     * call refused as malformed, whose reason is {@code refusal} (and whose trigger and payload
     * are null when they could not be read). {@code shadow} is the trigger's shadow chain's run
     * on the same call, or null when it has none or its run was skipped.
     */
    record Call(String id, String source, Trigger trigger, JsonNode payload, Decided decided, int httpStatus, String ip,
            String refusal, ShadowOutcome shadow) {

        public Call(String id, String source, Trigger trigger, JsonNode payload, Decided decided, int httpStatus, String ip) {
            this(id, source, trigger, payload, decided, httpStatus, ip, null, null);
        }

        public Call(String id, String source, Trigger trigger, JsonNode payload, Decided decided, int httpStatus, String ip,
                String refusal) {
            this(id, source, trigger, payload, decided, httpStatus, ip, refusal, null);
        }

        /** This call with its shadow chain's run. */
        public Call withShadow(ShadowOutcome outcome) {
            return new Call(id, source, trigger, payload, decided, httpStatus, ip, refusal, outcome);
        }

        static Call refused(String id, Trigger trigger, JsonNode payload, String reason, String ip) {
            return new Call(id, "intercept", trigger, payload, null, 400, ip, reason);
        }
    }

    void record(Call call);

    /**
     * Does the work of recording {@code call} and keeps nothing: the start-up warm-up's, so the
     * first real call does not pay for this code's first run. Recorders that count do nothing.
     */
    default void rehearse(Call call) {}
}
