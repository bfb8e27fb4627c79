package io.interlock.http;

import io.interlock.service.Decided;
import io.interlock.signature.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renders a decided call as the platform receives it: 200 with the wire response built from
 * the typed decision, or 503 when on-error=error hands the call back to the platform's own
 * failure policy. Nothing a script returned is passed through untyped.
 */
final class WireAnswer {
    private WireAnswer() {}

    static StoredResponse of(String id, Decided decided) {
        Map<String, String> headers = Map.of(InterceptController.DECISION_HEADER, id);
        if (decided.answer().isEmpty()) {
            return InterceptController.error(id, 503, "policy_failure",
                    "the policy could not decide; the platform's failure policy applies (decision " + id + ")");
        }
        byte[] body = decided.answer().get().toWire().toString().getBytes(StandardCharsets.UTF_8);
        return new StoredResponse(200, body, headers);
    }
}
