package io.interlock.fetch;

import java.util.Locale;

/** Why a {@code fetch()} call got no response; the snake_case codes are part of the decision log and metrics. */
public enum FetchError {
    /** The call itself is wrong: URL, method, header or body. */
    BAD_REQUEST,
    /** The host (or a redirect's) is not in INTERLOCK_FETCH_ALLOW. */
    NOT_ALLOWED,
    /** The name resolves to a loopback, private, link-local… address and is not listed exactly. */
    PRIVATE_ADDRESS,
    /** The name does not resolve. */
    DNS,
    /** No connection (refused, unreachable, reset) or TLS failed. */
    CONNECT,
    /** INTERLOCK_FETCH_TIMEOUT_MS passed. */
    TIMEOUT,
    /** The evaluation's own time limit came first: the evaluation ends as policy_timeout. */
    DEADLINE,
    /** The response body is over INTERLOCK_FETCH_MAX_BYTES. */
    TOO_LARGE,
    /** The evaluation already made INTERLOCK_FETCH_MAX_CALLS calls. */
    TOO_MANY_CALLS,
    /** A redirect was refused: too many, to another scheme, or redirect: 'error'. */
    REDIRECT,
    /** The upstream's answer is not HTTP/1.x as we read it. */
    PROTOCOL,
    /** Every outbound thread is busy. */
    BUSY,
    /** No request is sent while policies load and warm up. */
    NO_NETWORK,
    /** A case of the test command made a call it declared no answer for. */
    NOT_DECLARED,
    /** A case of the test command declared this call fails. */
    DECLARED_ERROR;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
