package io.interlock.log;

import io.interlock.trigger.Trigger;
import java.time.Instant;
import java.util.List;

/**
 * One answered call as the decision log keeps it, already masked for the configured PII mode
 * (nothing unmasked is ever stored or written). Immutable, so the store and the writer thread
 * can share it; the payload is kept as its JSON text for the same reason and because text is
 * far smaller than a node tree. Null fields are unknown for this call.
 *
 * @param source        {@code intercept} or {@code evaluate} (a dry run)
 * @param decision      ALLOW or DENY; null when the call was answered 503
 * @param failureCode   a failure code ({@code policy_timeout}, ...) or {@code overloaded}
 * @param failureMessage the located message ({@code file:line:col: message})
 * @param onError       the failure handling that produced the answer, when a policy failed
 * @param payload       the masked request payload as JSON text, only with INTERLOCK_LOG_PAYLOADS=true
 * @param payloadOmitted why a payload that should have been kept was not (too large), else null
 * @param payloadMasked  whether masking changed the kept payload (personal data in it was
 *                       replaced), so replaying it may not reproduce this decision
 * @param shadow        the trigger's shadow chain's run on this call, or null when it has none
 *                      (or its run was skipped)
 * @param replay        with a kept payload, what a replay needs beside it ({@link ReplayRecord}'s
 *                      JSON text: the answer sent, the masked fields, the fetch() answers); else null
 * @param errorMessage  the DENY's {@code error.message} as the platform got it (masked), else null
 * @param version       the version of the chain that decided, or null (see {@link Version})
 */
record DecisionEvent(
        String id,
        Instant time,
        String source,
        Trigger trigger,
        String environmentId,
        String userEmail,
        String organizationId,
        String clientId,
        String decision,
        int httpStatus,
        String failureCode,
        String failureMessage,
        String onError,
        String decidedBy,
        List<PolicyEntry> policies,
        Double durationMs,
        String callerIp,
        String payload,
        String payloadOmitted,
        boolean payloadMasked,
        Shadow shadow,
        String replay,
        String errorMessage,
        Version version) {

    DecisionEvent {
        policies = List.copyOf(policies);
    }

    /** An event without a shadow run, a replay record, a DENY message or a version. */
    DecisionEvent(String id, Instant time, String source, Trigger trigger, String environmentId, String userEmail,
            String organizationId, String clientId, String decision, int httpStatus, String failureCode,
            String failureMessage, String onError, String decidedBy, List<PolicyEntry> policies, Double durationMs,
            String callerIp, String payload, String payloadOmitted, boolean payloadMasked) {
        this(id, time, source, trigger, environmentId, userEmail, organizationId, clientId, decision, httpStatus,
                failureCode, failureMessage, onError, decidedBy, policies, durationMs, callerIp, payload, payloadOmitted,
                payloadMasked, null, null, null, null);
    }

    /** This event with {@code shadow} as its shadow run. */
    DecisionEvent withShadow(Shadow shadow) {
        return new DecisionEvent(id, time, source, trigger, environmentId, userEmail, organizationId, clientId, decision,
                httpStatus, failureCode, failureMessage, onError, decidedBy, policies, durationMs, callerIp, payload,
                payloadOmitted, payloadMasked, shadow, replay, errorMessage, version);
    }

    /**
     * What the shadow chain would have answered: {@code decision} after on-error as the live one
     * (null for on-error=error's 503), its failure, the end user's message of a DENY, whether
     * that answer is the one the platform got and which parts differ (decision, error_message,
     * claims, membership), its policies as the live chain's, and its duration.
     */
    record Shadow(String decision, String failureCode, String failureMessage, String errorMessage, boolean agrees,
            List<String> differs, List<PolicyEntry> policies, Double durationMs) {
        Shadow {
            differs = List.copyOf(differs);
            policies = List.copyOf(policies);
        }
    }

    /**
     * Which version of the code decided (issue 28): the operator's policies version label (null
     * when none is set) and the chain's content hash over its policies and helpers.
     */
    record Version(String label, String chain) {
        boolean matches(String value) {
            return value.equals(label) || value.equals(chain);
        }
    }

    /** An event whose payload, if kept, was kept as received. */
    DecisionEvent(String id, Instant time, String source, Trigger trigger, String environmentId, String userEmail,
            String organizationId, String clientId, String decision, int httpStatus, String failureCode,
            String failureMessage, String onError, String decidedBy, List<PolicyEntry> policies, Double durationMs,
            String callerIp, String payload, String payloadOmitted) {
        this(id, time, source, trigger, environmentId, userEmail, organizationId, clientId, decision, httpStatus,
                failureCode, failureMessage, onError, decidedBy, policies, durationMs, callerIp, payload, payloadOmitted, false);
    }

    /**
     * One policy of the chain: its file and content hash, what it did in this call (null when it
     * did not run), its console output, bounded, and its fetch() calls (method, host, status or
     * error code, duration; never the path, headers or bodies).
     */
    record PolicyEntry(String name, String hash, String outcome, List<String> console, List<io.interlock.fetch.FetchCall> fetch) {
        PolicyEntry {
            console = List.copyOf(console);
            fetch = List.copyOf(fetch);
        }

        PolicyEntry(String name, String hash, String outcome, List<String> console) {
            this(name, hash, outcome, console, List.of());
        }

        boolean matches(String file) {
            return name.equals(file) || name.endsWith("/" + file);
        }
    }
}
