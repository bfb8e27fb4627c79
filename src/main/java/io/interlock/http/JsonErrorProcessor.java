package io.interlock.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the framework's own errors (404, 405, 413, 415, unexpected exceptions) the same body as
 * ours. A 5xx never carries the exception's text: that goes to the service log only.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class JsonErrorProcessor implements ErrorResponseProcessor<String> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorProcessor.class);

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        String message;
        if (status.getCode() >= 500) {
            context.getRootCause().ifPresent(cause -> LOG.error("unexpected error on {} {}",
                    context.getRequest().getMethod(), context.getRequest().getPath(), cause));
            message = "internal error; see the service log";
        } else {
            message = context.getErrors().stream().findFirst().map(e -> e.getMessage()).orElse(status.getReason());
            if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
                // Netty reports an oversized body and oversized headers alike
                message = "request too large: the body is over INTERLOCK_MAX_BODY_KB, or the headers over 8 KiB";
            }
        }
        return base.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ApiError.body(ApiError.codeFor(status), message).toString());
    }
}
