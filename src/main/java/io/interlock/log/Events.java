package io.interlock.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.Failure;
import io.interlock.engine.PolicyTrace;
import io.interlock.http.DecisionRecorder.Call;
import io.interlock.policy.PolicyFile;
import io.interlock.service.Decided;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns an answered call into a masked {@link DecisionEvent}. */
final class Events {

    /** Console output kept per policy: enough to see why, not a second log stream. */
    static final int MAX_CONSOLE_LINES = 20;
    static final int MAX_CONSOLE_LINE_LENGTH = 500;
    /** Kept payloads live in memory for the store's lifetime, so a large one is not kept. */
    static final int MAX_PAYLOAD_CHARS = 32 * 1024;
    /** Identifiers come from the caller's body; a bounded copy is enough to search by. */
    private static final int MAX_ID_LENGTH = 320;

    private final Masking masking;
    private final boolean keepPayloads;

    Events(Masking masking, boolean keepPayloads) {
        this.masking = masking;
        this.keepPayloads = keepPayloads;
    }

    DecisionEvent from(Call call, Instant now) {
        JsonNode payload = call.payload() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : call.payload();
        JsonNode context = payload.path("interceptor_context");
        JsonNode data = payload.path("data");
        Decided decided = call.decided();

        String decision = null;
        String failureCode = null;
        String failureMessage = null;
        String onError = null;
        String decidedBy = null;
        String errorMessage = null;
        Double duration = null;
        List<DecisionEvent.PolicyEntry> policies = List.of();
        if (decided != null) {
            EvaluationResult result = decided.result();
            decision = decided.decision();
            if (result.failure().isPresent()) {
                Failure failure = result.failure().get();
                failureCode = failure.code().code();
                failureMessage = masking.text(failure.located());
                onError = decided.appliedOnError().map(o -> o.wire()).orElse(null);
            }
            decidedBy = result.decidedBy().orElse(null);
            errorMessage = decided.answer().flatMap(a -> a.errorMessage()).map(masking::text).orElse(null);
            duration = Math.round(result.durationMs() * 1000) / 1000.0;
            policies = policies(decided);
        } else if (call.refusal() != null) {
            failureCode = FailureCodes.BAD_REQUEST;
            failureMessage = masking.text(call.refusal());
        } else if (call.httpStatus() == 503) {
            // No policy ran: every worker was busy. Logged so "why did the platform fail open?" has an answer.
            failureCode = FailureCodes.OVERLOADED;
            failureMessage = "all evaluation workers were busy";
        }

        String kept = null;
        String omitted = null;
        boolean masked = false;
        String replay = null;
        if (keepPayloads && call.payload() != null) {
            JsonNode maskedPayload = masking.payload(payload);
            String json = maskedPayload.toString();
            if (json.length() <= MAX_PAYLOAD_CHARS) {
                kept = json;
                masked = !maskedPayload.equals(payload);
                replay = decided == null ? null : ReplayRecord.of(masking, payload, maskedPayload, decided);
            } else {
                omitted = "payload larger than " + (MAX_PAYLOAD_CHARS / 1024) + " KB";
            }
        }

        DecisionEvent.Shadow shadow = call.shadow() == null ? null : shadow(call.shadow());
        return new DecisionEvent(
                call.id(),
                now.truncatedTo(ChronoUnit.MILLIS),
                call.source(),
                call.trigger(),
                text(context.path("environment_id")),
                masking.email(first(context.path("user_email"), data.path("user").path("email"))),
                first(context.path("organization_id"), context.path("auth_request").path("organization_id"),
                        data.path("organization").path("id"), data.path("m2m_token_claims").path("claims").path("oid")),
                first(context.path("client_id"), data.path("m2m_token_claims").path("client_id")),
                decision,
                call.httpStatus(),
                failureCode,
                failureMessage,
                onError,
                decidedBy,
                policies,
                duration,
                masking.ip(call.ip()),
                kept,
                omitted,
                masked,
                shadow,
                replay,
                errorMessage,
                decided == null ? null : decided.version().map(v -> new DecisionEvent.Version(v.label(), v.chain())).orElse(null));
    }

    /** The shadow run as the event keeps it, masked as the live answer is. */
    private DecisionEvent.Shadow shadow(io.interlock.service.ShadowOutcome outcome) {
        Decided decided = outcome.decided();
        EvaluationResult result = decided.result();
        Failure failure = result.failure().orElse(null);
        String message = decided.answer().flatMap(a -> a.errorMessage()).map(masking::text).orElse(null);
        return new DecisionEvent.Shadow(decided.decision(), failure == null ? null : failure.code().code(),
                failure == null ? null : masking.text(failure.located()), message, outcome.agrees(), outcome.differs(),
                policies(decided), Math.round(result.durationMs() * 1000) / 1000.0);
    }

    /**
     * The chain's files with what each did. A dry run of draft sources has no files, so its
     * entries come from the trace alone, without a hash.
     */
    private List<DecisionEvent.PolicyEntry> policies(Decided decided) {
        Map<String, PolicyTrace> traces = new LinkedHashMap<>();
        for (PolicyTrace t : decided.result().trace()) {
            traces.put(t.policy(), t);
        }
        List<DecisionEvent.PolicyEntry> entries = new ArrayList<>();
        for (PolicyFile file : decided.files()) {
            entries.add(entry(file.name(), file.hash(), traces.remove(file.name())));
        }
        for (PolicyTrace t : traces.values()) {
            entries.add(entry(t.policy(), null, t));
        }
        return entries;
    }

    private DecisionEvent.PolicyEntry entry(String name, String hash, PolicyTrace trace) {
        if (trace == null) {
            return new DecisionEvent.PolicyEntry(name, hash, null, List.of());
        }
        List<String> console = new ArrayList<>();
        List<String> lines = trace.console();
        for (int i = 0; i < lines.size() && i < MAX_CONSOLE_LINES; i++) {
            // Masked before it is cut: a cut inside an address would hide its domain from the
            // masking and leave the local part readable.
            String line = masking.text(lines.get(i));
            if (line.length() > MAX_CONSOLE_LINE_LENGTH) {
                int end = Character.isHighSurrogate(line.charAt(MAX_CONSOLE_LINE_LENGTH - 1))
                        ? MAX_CONSOLE_LINE_LENGTH - 1 : MAX_CONSOLE_LINE_LENGTH;
                line = line.substring(0, end) + "…";
            }
            console.add(line);
        }
        if (lines.size() > MAX_CONSOLE_LINES) {
            console.add("… " + (lines.size() - MAX_CONSOLE_LINES) + " more lines not kept");
        }
        return new DecisionEvent.PolicyEntry(name, hash, trace.outcome().wire(), console, trace.fetches());
    }

    /** The first of the candidates that is a non-empty string. */
    private static String first(JsonNode... candidates) {
        for (JsonNode c : candidates) {
            String value = text(c);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        if (!node.isTextual() || node.textValue().isEmpty()) {
            return null;
        }
        String value = node.textValue();
        return value.length() > MAX_ID_LENGTH ? value.substring(0, MAX_ID_LENGTH) : value;
    }
}
