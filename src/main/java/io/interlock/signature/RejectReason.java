package io.interlock.signature;

/**
 * Why a call was refused. The codes are stable: they appear in logs, metrics and the decision
 * log, never in the client-facing 401 body (which is one generic message).
 */
public enum RejectReason {
    NO_SECRET_CONFIGURED("no_secret_configured"),
    MISSING_HEADERS("missing_headers"),
    HEADER_TOO_LARGE("header_too_large"),
    MALFORMED_ID("malformed_id"),
    MALFORMED_TIMESTAMP("malformed_timestamp"),
    TIMESTAMP_TOO_OLD("timestamp_too_old"),
    TIMESTAMP_IN_FUTURE("timestamp_in_future"),
    MALFORMED_SIGNATURE("malformed_signature"),
    TOO_MANY_SIGNATURES("too_many_signatures"),
    NO_MATCHING_SIGNATURE("no_matching_signature"),
    REPLAYED_ID_DIFFERENT_BODY("replayed_id_different_body");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The snake_case code used in logs and metrics. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
