package io.interlock.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * What policies may do with {@code fetch()}: the hosts they may call ({@code INTERLOCK_FETCH_ALLOW}),
 * how long one call may take ({@code INTERLOCK_FETCH_TIMEOUT_MS}; never longer than what is left
 * of the evaluation), the largest body sent or read ({@code INTERLOCK_FETCH_MAX_BYTES}) and the calls
 * one evaluation may make ({@code INTERLOCK_FETCH_MAX_CALLS}). {@code resolver} and {@code tls} are
 * the system's, replaced only by tests (a name that resolves to the test's server, its certificate).
 */
public record FetchSettings(Allowlist allow, Duration timeout, long maxBytes, int maxCalls, Resolver resolver, SSLContext tls) {

    public static final long DEFAULT_TIMEOUT_MS = 300;
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_CALLS = 5;

    /** Looks a host name up; the system's resolver unless a test injects one. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;

        static Resolver system() {
            return InetAddress::getAllByName;
        }
    }

    public FetchSettings {
        if (timeout.isNegative() || timeout.isZero() || maxBytes < 1 || maxCalls < 1) {
            throw new IllegalArgumentException("fetch limits must be positive");
        }
        resolver = resolver == null ? Resolver.system() : resolver;
    }

    /** Nothing allowed, default limits. */
    public static FetchSettings defaults() {
        return new FetchSettings(Allowlist.none(), Duration.ofMillis(DEFAULT_TIMEOUT_MS), DEFAULT_MAX_BYTES, DEFAULT_MAX_CALLS,
                Resolver.system(), null);
    }

    public FetchSettings withAllow(Allowlist newAllow) {
        return new FetchSettings(newAllow, timeout, maxBytes, maxCalls, resolver, tls);
    }

    public FetchSettings withResolver(Resolver newResolver) {
        return new FetchSettings(allow, timeout, maxBytes, maxCalls, newResolver, tls);
    }

    public FetchSettings withTls(SSLContext newTls) {
        return new FetchSettings(allow, timeout, maxBytes, maxCalls, resolver, newTls);
    }

    public FetchSettings withLimits(Duration newTimeout, long newMaxBytes, int newMaxCalls) {
        return new FetchSettings(allow, newTimeout, newMaxBytes, newMaxCalls, resolver, tls);
    }
}
