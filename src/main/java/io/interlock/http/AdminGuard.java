package io.interlock.http;

import io.interlock.config.InterlockConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Guards the admin API (dry run, decision log, loaded policies). With INTERLOCK_ADMIN_TOKEN set,
 * a matching Bearer token is required; without it only local callers are answered, so a
 * default install never exposes policies or personal data to the network. Local means the
 * socket's peer is a loopback address and the Host (and Origin, when a browser sends one) name
 * a loopback host: a DNS-rebinding page reaches 127.0.0.1 under its own name, which this refuses.
 */
@ServerFilter({"/v1/evaluate", "/v1/evaluate/**", "/v1/decisions", "/v1/decisions/**", "/v1/policies", "/v1/policies/**"})
final class AdminGuard {

    static final String NOT_LOCAL = "without INTERLOCK_ADMIN_TOKEN the admin API answers only local callers: "
            + "a loopback address, with Host localhost, 127.0.0.1 or [::1]. Set INTERLOCK_ADMIN_TOKEN to use it "
            + "from elsewhere (or through a reverse proxy)";

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
        if (!isLocal(request)) {
            return ApiError.response(HttpStatus.FORBIDDEN, "forbidden", NOT_LOCAL);
        }
        return null;
    }

    private static boolean isLocal(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
            return false;
        }
        List<String> hosts = request.getHeaders().getAll(HttpHeaders.HOST);
        if (hosts.size() != 1 || !LoopbackHost.isLoopback(hosts.get(0))) {
            return false;
        }
        // Micronaut's CORS filter already refuses most foreign origins on a local Host; this keeps
        // the rule here too, where it does not depend on that filter's configuration.
        List<String> origins = request.getHeaders().getAll(HttpHeaders.ORIGIN);
        return origins.stream().allMatch(LoopbackHost::isLoopbackOrigin);
    }
}
