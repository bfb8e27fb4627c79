package io.interlock.http;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers on every response: the page's Content-Security-Policy, no MIME sniffing, no
 * framing. One policy for everything: the page needs it, a JSON or JavaScript response is not
 * harmed by it, and Monaco's web worker takes its policy from the response that delivered the
 * worker script (CSP 3 §4.2), so the worker runs under the same rules as the page.
 *
 * <p>What the page needs, checked in Chromium by PlaygroundBrowserTest: scripts from this origin
 * only (no inline script, no eval); Monaco adds style elements and style attributes, hence
 * {@code 'unsafe-inline'} for styles only; its icon font and the page's {@code data:} favicon;
 * API calls to this origin; its worker from this origin ({@code js/editor.js} gives Monaco a
 * same-origin worker URL, no blob). Nothing may frame the page (clickjacking the Run button or
 * the token form).
 */
@ServerFilter("/**")
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "font-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    @ResponseFilter
    void addHeaders(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        response.header("Referrer-Policy", "no-referrer");
    }
}
