package io.interlock.http;

import io.interlock.config.InterlockConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the admin API (dry run, decision log, loaded policies). With INTERLOCK_ADMIN_TOKEN set,
 * a matching Bearer token is required; without it only loopback callers are answered, so a
 * default install never exposes policies or personal data to the network.
 */
@ServerFilter({"/v1/evaluate", "/v1/evaluate/**", "/v1/decisions", "/v1/decisions/**", "/v1/policies", "/v1/policies/**"})
final class AdminGuard {

    private final byte[] token;

    AdminGuard(InterlockConfig config) {
        this.token = config.adminToken().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    /** Null lets the request through; Micronaut requires the annotation to accept that. */
    @RequestFilter
    @Nullable
    MutableHttpResponse<String> guard(HttpRequest<?> request) {
        if (token != null) {
            String header = request.getHeaders().getAuthorization().orElse("");
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)
                    || !MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
                return ApiError.response(HttpStatus.UNAUTHORIZED, "unauthorized",
                        "this endpoint needs the admin token: Authorization: Bearer <INTERLOCK_ADMIN_TOKEN>")
                        .header("WWW-Authenticate", "Bearer");
            }
            return null;
        }
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
            return ApiError.response(HttpStatus.FORBIDDEN, "forbidden",
                    "the admin API answers only local callers unless INTERLOCK_ADMIN_TOKEN is set");
        }
        return null;
    }
}
