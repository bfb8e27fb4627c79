package io.interlock.testing;

import io.interlock.signature.SignatureVerifier;
import io.interlock.signature.SigningSecret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

/** Sends requests to a running Interlock as the platform would: signed, over real HTTP. */
public final class Signer {
    public static final String SECRET = "whsec_9vx5xtFNxQMZFcjLLGporL6TGkcSRNHb";
    public static final String OTHER_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final SignatureVerifier signer;

    public Signer(String secret) {
        this.signer = new SignatureVerifier(List.of(SigningSecret.parse(secret)));
    }

    public String sign(String id, long timestamp, byte[] body) {
        return signer.sign(id, timestamp, body);
    }

    public HttpRequest.Builder signed(URI uri, byte[] body) {
        String id = "msg_" + UUID.randomUUID();
        long now = System.currentTimeMillis() / 1000;
        return HttpRequest.newBuilder(uri).header("content-type", "application/json")
                .header("interceptor-id", id).header("interceptor-timestamp", Long.toString(now))
                .header("interceptor-signature", sign(id, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }
}
