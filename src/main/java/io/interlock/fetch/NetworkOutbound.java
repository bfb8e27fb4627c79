package io.interlock.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Policies' calls to the network. Each hop of a call (the request, then each redirect) is
 * checked against INTERLOCK_FETCH_ALLOW, its name resolved here and every address checked
 * ({@link Hosts#forbidden}: a name allowed through a {@code *.} entry may not lead into the
 * private network), and the connection made to a checked address ({@link HttpHop}). Redirects
 * are followed by hand, at most {@link #MAX_REDIRECTS}, each one checked as the first.
 *
 * <p>The lookup and the exchange run on this class's threads while the evaluation's thread waits
 * at most the call's budget: a lookup cannot be interrupted and a read only by closing its
 * socket, and the evaluation must go on at its deadline whatever the upstream does. A lookup
 * stuck in the system resolver keeps its thread until the resolver gives up; past
 * {@link #MAX_THREADS} busy threads calls fail at once ({@code busy}).
 */
public final class NetworkOutbound implements Outbound, AutoCloseable {

    static final int MAX_REDIRECTS = 5;
    static final int MAX_THREADS = 64;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** What the Fetch standard drops from a request whose body a redirect drops. */
    private static final Set<String> BODY_HEADERS = Set.of("content-type", "content-encoding", "content-language", "content-location");
    /** Credentials for the first host never travel to another one. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie");

    private final FetchSettings settings;
    private final ThreadPoolExecutor threads;

    public NetworkOutbound(FetchSettings settings) {
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "interlock-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public FetchSettings settings() {
        return settings;
    }

    @Override
    public FetchResult send(FetchRequest request, Budget budget) {
        return new Call(request, budget).run();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** One call, hop by hop, against one deadline. */
    private final class Call {
        private final Budget budget;
        private final long deadline;
        private final String shown;
        private final FetchRequest.Redirect mode;
        private URI url;
        private String method;
        private List<HttpHeader> headers;
        private byte[] body;
        private String allowedBy;
        private boolean redirected;

        Call(FetchRequest request, Budget budget) {
            this.budget = budget;
            this.deadline = System.nanoTime() + budget.timeout().toNanos();
            this.shown = "fetch " + request.method() + " " + request.host() + ": ";
            this.mode = request.redirect();
            this.url = request.url();
            this.method = request.method();
            this.headers = request.headers();
            this.body = request.body();
        }

        FetchResult run() {
            for (int hop = 0; ; hop++) {
                Object outcome = hop();
                if (outcome instanceof FetchResult result) {
                    return result;
                }
                HttpHop.Reply reply = (HttpHop.Reply) outcome;
                String location = reply.header("location");
                if (!REDIRECTS.contains(reply.status()) || location == null || mode == FetchRequest.Redirect.MANUAL) {
                    return new FetchResult.Response(reply.status(), reply.reason(), reply.headers(), reply.body(), url, redirected,
                            allowedBy);
                }
                if (mode == FetchRequest.Redirect.ERROR) {
                    return failed(FetchError.REDIRECT, "redirected (" + reply.status() + ") with redirect: 'error'");
                }
                if (hop >= MAX_REDIRECTS) {
                    return failed(FetchError.REDIRECT, "more than " + MAX_REDIRECTS + " redirects");
                }
                Optional<FetchResult> refused = follow(reply.status(), location);
                if (refused.isPresent()) {
                    return refused.get();
                }
            }
        }

        /** The reply of one hop, or the failure that ends the call. */
        private Object hop() {
            String host = Target.hostOf(url);
            String label = FetchRequest.hostLabel(url);
            Optional<Allowlist.Entry> entry = settings.allow().match(host, Target.portOf(url), Target.defaultPort(url));
            if (entry.isEmpty()) {
                return failed(FetchError.NOT_ALLOWED, (redirected ? "redirected to " + label + ", which is" : label + " is")
                        + " not an allowed host (" + settings.allow().describe() + ")");
            }
            if (allowedBy == null) {
                allowedBy = entry.get().text();
            }
            Object addresses = resolve(host);
            if (addresses instanceof FetchResult failure) {
                return failure;
            }
            InetAddress[] checked = (InetAddress[]) addresses;
            if (entry.get().wildcard()) {
                for (InetAddress address : checked) {
                    Optional<String> why = Hosts.forbidden(address);
                    if (why.isPresent()) {
                        return failed(FetchError.PRIVATE_ADDRESS, label + " resolves to " + address.getHostAddress() + ", " + why.get()
                                + "; only a host listed exactly in INTERLOCK_FETCH_ALLOW (not through " + entry.get().text()
                                + ") may reach one");
                    }
                }
            }
            return exchange(checked);
        }

        private Object resolve(String host) {
            Optional<InetAddress> literal = Hosts.ipv4(host).or(() -> Hosts.ipv6(host));
            if (literal.isPresent()) {
                return new InetAddress[] {literal.get()};
            }
            Object answer = await(() -> settings.resolver().resolve(host), null);
            if (answer instanceof ExecutionException e && e.getCause() instanceof UnknownHostException) {
                return failed(FetchError.DNS, "the name " + host + " does not resolve");
            }
            if (answer instanceof InetAddress[] addresses && addresses.length > 0) {
                return addresses;
            }
            return answer instanceof FetchResult failure ? failure : failed(FetchError.DNS, "the name " + host + " does not resolve");
        }

        /** Tries the checked addresses in turn until one connects. */
        private Object exchange(InetAddress[] addresses) {
            Object last = null;
            for (InetAddress address : addresses) {
                HttpHop hop = new HttpHop(settings.tls());
                Target target = Target.of(url, address);
                int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime() + 999_999) / 1_000_000));
                Object answer = await(() -> hop.exchange(target, method, headers, body, settings.maxBytes(), millis), hop);
                if (!(answer instanceof ExecutionException e)) {
                    return answer;
                }
                last = failure(e.getCause());
                if (!(e.getCause() instanceof HttpHop.ConnectFailed)) {
                    return last;
                }
            }
            return last;
        }

        /** The task's value, its ExecutionException, or the failure of running out of time. */
        private Object await(Callable<?> task, HttpHop hop) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return outOfTime();
            }
            Future<?> future;
            try {
                future = threads.submit(task);
            } catch (RejectedExecutionException e) {
                return failed(FetchError.BUSY, "every outbound connection (" + MAX_THREADS + ") is busy");
            }
            try {
                return future.get(remaining, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                return e;
            } catch (TimeoutException e) {
                stop(future, hop);
                return outOfTime();
            } catch (InterruptedException e) {
                stop(future, hop);
                Thread.currentThread().interrupt();
                return outOfTime();
            }
        }

        private void stop(Future<?> future, HttpHop hop) {
            if (hop != null) {
                hop.abort();
            }
            future.cancel(true);
        }

        private FetchResult outOfTime() {
            return budget.evaluationDeadline()
                    ? failed(FetchError.DEADLINE, "no answer before the evaluation's time limit")
                    : failed(FetchError.TIMEOUT, "no answer within " + budget.timeout().toMillis() + " ms (INTERLOCK_FETCH_TIMEOUT_MS)");
        }

        private FetchResult failure(Throwable cause) {
            if (cause instanceof HttpHop.TooLarge) {
                return failed(FetchError.TOO_LARGE, "the response body is larger than " + settings.maxBytes()
                        + " bytes (INTERLOCK_FETCH_MAX_BYTES)");
            }
            if (cause instanceof SocketTimeoutException || cause instanceof HttpHop.Aborted) {
                return outOfTime();
            }
            if (cause instanceof HttpHop.Malformed || cause instanceof EOFException) {
                return failed(FetchError.PROTOCOL, "the answer could not be read: " + cause.getMessage());
            }
            if (cause instanceof IOException) {
                return failed(FetchError.CONNECT, "could not connect: " + cause.getMessage());
            }
            return failed(FetchError.CONNECT, "failed: " + cause);
        }

        /** Moves to the redirect's target; a failure when it cannot be followed. */
        private Optional<FetchResult> follow(int status, String location) {
            URI next;
            try {
                next = url.resolve(new URI(location)).normalize();
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Optional.of(failed(FetchError.PROTOCOL, "a redirect to an unreadable location"));
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || next.getHost() == null || next.getRawUserInfo() != null) {
                return Optional.of(failed(FetchError.REDIRECT, "a redirect to something other than an http or https URL"));
            }
            List<HttpHeader> kept = new ArrayList<>(headers);
            if (status == 303 && !method.equals("HEAD") || (status == 301 || status == 302) && method.equals("POST")) {
                method = "GET";
                body = null;
                kept.removeIf(h -> BODY_HEADERS.contains(h.name()));
            }
            if (!sameOrigin(url, next)) {
                kept.removeIf(h -> CREDENTIAL_HEADERS.contains(h.name()));
            }
            headers = List.copyOf(kept);
            url = next;
            redirected = true;
            return Optional.empty();
        }

        private FetchResult.Failed failed(FetchError error, String message) {
            return new FetchResult.Failed(error, shown + message, allowedBy);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && Target.hostOf(a).equals(Target.hostOf(b))
                && Target.portOf(a) == Target.portOf(b);
    }
}
