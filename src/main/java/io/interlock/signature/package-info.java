/**
 * Request signing (Standard Webhooks scheme with {@code interceptor-*} header names) and the
 * replay guard. Pure Java: the HTTP layer adapts its headers to {@link
 * io.interlock.signature.HeaderLookup} and maps every {@link io.interlock.signature.RejectReason}
 * to one generic 401, logging only the rejection detail.
 *
 * <p>Limits, all enforced before any HMAC work so a hostile caller cannot buy CPU with big or
 * numerous headers: id at most {@value io.interlock.signature.SignatureVerifier#MAX_ID_LENGTH}
 * visible ASCII characters, timestamp 1 to {@value
 * io.interlock.signature.SignatureVerifier#MAX_TIMESTAMP_DIGITS} digits, signature header at
 * most {@value io.interlock.signature.SignatureVerifier#MAX_SIGNATURE_HEADER_LENGTH} characters
 * and {@value io.interlock.signature.SignatureVerifier#MAX_SIGNATURE_ENTRIES} entries. HMAC cost
 * per request is one MAC per configured secret, whatever the number of entries.
 */
package io.interlock.signature;
