package io.interlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.fetch.Outbound;

/**
 * An input a chain is tried on and warmed with before it serves: a name for the log (a case, a
 * payload file), the payload, and where its {@code fetch()} calls go: a case's declared answers,
 * or nowhere ({@link #offline}). Never the network: a warm-up must not call anyone.
 */
public record Sample(String name, JsonNode payload, Outbound fetch) {

    /** A sample whose calls all fail: no request is sent while policies are loaded and warmed up. */
    public static Sample offline(String name, JsonNode payload) {
        return new Sample(name, payload, OFFLINE);
    }

    static final Outbound OFFLINE = Outbound.offline("no request is sent while policies are loaded and warmed up");
}
