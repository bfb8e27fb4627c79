package io.interlock.http;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Optional;

/**
 * Who sees {@code /health}'s details: the {@link Operator} (the admin token, or a local caller
 * when no token is set); anyone else gets the status alone. The details name the database's
 * location, the disk's totals, the signing mode and the policies' state, which help a stranger
 * more than a prober, and Kubernetes' probes ({@code /health/liveness}, {@code /health/readiness})
 * read only the status. Micronaut's health endpoint shows details to a request with a principal
 * ({@code endpoints.health.details-visible: AUTHENTICATED}) and, without Micronaut Security, has
 * nothing that gives one: this binder does, to the operator's requests only.
 */
@Singleton
final class OperatorPrincipal implements TypedRequestArgumentBinder<Principal> {

    /** The operator, as far as the health endpoint is concerned. */
    static final Principal OPERATOR = () -> "interlock-operator";

    private final Operator operator;

    OperatorPrincipal(Operator operator) {
        this.operator = operator;
    }

    @Override
    public Argument<Principal> argumentType() {
        return Argument.of(Principal.class);
    }

    @Override
    public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> request) {
        return operator.is(request) ? () -> Optional.of(OPERATOR) : BindingResult.empty();
    }
}
