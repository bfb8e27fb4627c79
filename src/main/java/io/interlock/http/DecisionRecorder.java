package io.interlock.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.service.Decided;
import io.interlock.trigger.Trigger;

/** Where every answered call is recorded (the decision log). */
public interface DecisionRecorder {

    /** One answered call. {@code decided} is null when no policy ran (a 503 for overload). */
    record Call(String id, String source, Trigger trigger, JsonNode payload, Decided decided, int httpStatus, String ip) {}

    void record(Call call);
}
