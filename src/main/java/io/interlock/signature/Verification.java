package io.interlock.signature;

import java.util.Objects;

/** The outcome of checking one call's signature: a value, never an exception. */
public sealed interface Verification permits Verification.Verified, Verification.Rejected {

    /** The call is authentic; {@code messageId} is visible ASCII, safe to log and to key on. */
    record Verified(String messageId, long timestamp) implements Verification {
        public Verified {
            Objects.requireNonNull(messageId, "messageId");
        }
    }

    /**
     * The call is refused. {@code detail} is for the server log only: it never holds a secret or
     * a raw header value, but it does describe what was wrong, which a client must not learn.
     */
    record Rejected(RejectReason reason, String detail) implements Verification {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
