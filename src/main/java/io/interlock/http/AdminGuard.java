package io.interlock.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Guards the admin API (dry run, decision log, loaded policies): only the operator
 * ({@link Operator}) is answered; anyone else gets 401 (a token is set) or 403 (it is not).
 */
@ServerFilter({"/v1/evaluate", "/v1/evaluate/**", "/v1/decisions", "/v1/decisions/**", "/v1/policies", "/v1/policies/**"})
final class AdminGuard {

    static final String NOT_LOCAL = "without INTERLOCK_ADMIN_TOKEN the admin API answers only local callers: "
            + "a loopback address, with Host localhost, 127.0.0.1 or [::1]. Set INTERLOCK_ADMIN_TOKEN to use it "
            + "from elsewhere (or through a reverse proxy)";

    private final Operator operator;

    AdminGuard(Operator operator) {
        this.operator = operator;
    }

    /** Null lets the request through; Micronaut requires the annotation to accept that. */
    @RequestFilter
    @Nullable
    MutableHttpResponse<String> guard(HttpRequest<?> request) {
        if (operator.is(request)) {
            return null;
        }
        if (operator.tokenSet()) {
            return ApiError.response(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "this endpoint needs the admin token: Authorization: Bearer <INTERLOCK_ADMIN_TOKEN>")
                    .header("WWW-Authenticate", "Bearer");
        }
        return ApiError.response(HttpStatus.FORBIDDEN, "forbidden", NOT_LOCAL);
    }
}
