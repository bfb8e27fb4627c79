package io.interlock.http;

import io.interlock.config.InterlockConfig;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Whether a request comes from the operator, who may see policies, the decision log and health
 * details. With INTERLOCK_ADMIN_TOKEN set, a matching Bearer token is required; without it only
 * local callers are, so a default install never exposes policies or personal data to the
 * network. Local means the socket's peer is a loopback address and the Host (and Origin, when a
 * browser sends one) name a loopback host: a DNS-rebinding page reaches 127.0.0.1 under its own
 * name, which this refuses.
 */
@Singleton
final class Operator {

    private final byte[] token;

    Operator(InterlockConfig config) {
        this.token = config.adminToken().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    boolean tokenSet() {
        return token != null;
    }

    boolean is(HttpRequest<?> request) {
        if (token != null) {
            String header = request.getHeaders().getAuthorization().orElse("");
            return header.regionMatches(true, 0, "Bearer ", 0, 7)
                    && MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
        }
        return isLocal(request);
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
