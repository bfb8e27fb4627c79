package io.interlock.http;

import io.interlock.config.InterlockConfig;
import io.interlock.signature.SignatureVerifier;
import io.interlock.signature.StoredResponse;
import io.interlock.signature.Verification;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a call to the interceptor URL is the platform's. Clients get one generic
 * 401; the reason goes to the service log only, so probing reveals nothing.
 */
@Singleton
final class RequestAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(RequestAuthenticator.class);
    static final String GENERIC = "invalid or missing request signature";

    /** Either a verified message id (null when unsigned mode let the call through) or a rejection. */
    record Outcome(String messageId, StoredResponse rejection) {}

    private final SignatureVerifier verifier;
    private final boolean allowUnsigned;
    private final boolean hasSecrets;

    RequestAuthenticator(SignatureVerifier verifier, InterlockConfig config) {
        this.verifier = verifier;
        this.allowUnsigned = config.allowUnsigned();
        this.hasSecrets = !config.signingSecrets().isEmpty();
    }

    Outcome authenticate(HttpRequest<?> request, byte[] body) {
        var headers = request.getHeaders();
        boolean signed = headers.contains("interceptor-signature") || headers.contains("webhook-signature");
        if (allowUnsigned && (!signed || !hasSecrets)) {
            return new Outcome(null, null);
        }
        Verification verification = verifier.verify(name -> headers.get(name), body);
        if (verification instanceof Verification.Verified verified) {
            return new Outcome(verified.messageId(), null);
        }
        Verification.Rejected rejected = (Verification.Rejected) verification;
        LOG.warn("rejected interceptor call from {}: {} ({})", request.getRemoteAddress(), rejected.reason().code(),
                rejected.detail());
        return new Outcome(null, unauthorized());
    }

    StoredResponse refusedReplay(String detail) {
        LOG.warn("refused replayed interceptor call: {}", detail);
        return unauthorized();
    }

    private static StoredResponse unauthorized() {
        return new StoredResponse(401, ApiError.body("unauthorized", GENERIC).toString().getBytes(StandardCharsets.UTF_8),
                Map.of());
    }
}
