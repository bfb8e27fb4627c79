package io.interlock.engine;

import io.interlock.decision.TriggerResponse;
import io.interlock.decision.Verdict;
import io.interlock.fetch.FetchCall;

/**
 * An evaluation's result as it may leave the engine: every text a policy could have put a secret
 * into, replaced by {@code [secret NAME]}, the secrets of the policy that wrote it (an Action's own
 * and the shared ones; none for a plain policy, which is handed no secret), or every secret for a
 * text no one policy wrote. The one place that does it, for every field of every
 * record the result holds, so the trace, the failure, the denial, the decision log and the
 * database all get the same scrubbed values.
 *
 * <p>Left as they are: names the operator configured (policy files, the allowlist entry a call
 * matched), which key the log and the metrics and that no policy writes; Interlock's own codes; and
 * what an ALLOW hands the platform (claims, membership), which is the decision itself, not a
 * record of it. RedactionTest walks every String of these records, so a new field must be
 * scrubbed here or named there as one of these.
 */
final class Redaction {

    private Redaction() {}

    static EvaluationResult of(EvaluationResult result, ActionSecrets secrets) {
        return of(result, name -> secrets);
    }

    /** {@code secretsOf}: a policy's name (null for none) → the secrets to remove from what it wrote. */
    static EvaluationResult of(EvaluationResult result, java.util.function.Function<String, ActionSecrets> secretsOf) {
        if (secretsOf.apply(null).isEmpty()) {
            return result;
        }
        ActionSecrets decider = secretsOf.apply(result.decidedBy().orElse(null));
        return new EvaluationResult(result.trigger(), result.response().map(r -> denial(r, decider)),
                result.failure().map(f -> failure(f, secretsOf.apply(f.policy()))),
                result.trace().stream().map(t -> trace(t, secretsOf.apply(t.policy()))).toList(),
                result.decidedBy(), result.durationMs());
    }

    private static Failure failure(Failure failure, ActionSecrets secrets) {
        return new Failure(failure.code(), secrets.redact(failure.message()), failure.policy(), failure.line(), failure.column());
    }

    /**
     * Console lines were already redacted where they were cut (a cut must not leave the start of a
     * secret); redacting them again changes nothing unless a secret is part of a marker.
     */
    private static PolicyTrace trace(PolicyTrace trace, ActionSecrets secrets) {
        return new PolicyTrace(trace.policy(), trace.outcome(), trace.durationMs(),
                trace.console().stream().map(secrets::redact).toList(), trace.fetches().stream().map(c -> call(c, secrets)).toList());
    }

    private static FetchCall call(FetchCall call, ActionSecrets secrets) {
        FetchCall.Exchange x = call.exchange();
        FetchCall.Exchange exchange = x == null ? null : new FetchCall.Exchange(secrets.redact(x.url()), x.status(),
                secrets.redact(x.statusText()), secrets.redact(x.contentType()), secrets.redact(x.body()), x.cut(),
                secrets.redact(x.error()));
        return new FetchCall(secrets.redact(call.method()), secrets.redact(call.host()), call.allowedBy(), call.status(),
                call.error(), secrets.redact(call.message()), call.durationMs(), exchange);
    }

    /** A DENY message is shown to the end user and logged: never with a secret in it. */
    private static TriggerResponse denial(TriggerResponse response, ActionSecrets secrets) {
        if (response.verdict() != Verdict.DENY || response.errorMessage().isEmpty()) {
            return response;
        }
        String message = response.errorMessage().get();
        String clean = secrets.redact(message);
        return clean.equals(message) ? response : TriggerResponse.deny(response.trigger(), clean);
    }
}
