package io.interlock.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on a loopback port for policies' fetch() calls: canned answers per path,
 * a record of what arrived, and held paths ({@link #hold}), which answer only when the test
 * releases them (a latch, never a sleep), so "the upstream has not answered yet" is a fact, not a
 * timing guess. Everything held is released on close.
 */
public final class Upstream implements AutoCloseable {

    /** One request as the upstream saw it. */
    public record Seen(String method, String path, String host, String contentType, String authorization, String body) {}

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, Hold> held = new java.util.concurrent.ConcurrentHashMap<>();

    /** A path that answers {@code {"plan":"late"}} only once released. */
    public static final class Hold {
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        /** Waits until a request for the path has arrived. */
        public boolean arrived(long seconds) throws InterruptedException {
            return arrived.await(seconds, TimeUnit.SECONDS);
        }

        public void release() {
            release.countDown();
        }
    }

    public Upstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "upstream");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String base() {
        return "http://127.0.0.1:" + port();
    }

    public List<Seen> seen() {
        return seen;
    }

    /** Holds requests for {@code path} until the returned hold is released. */
    public Hold hold(String path) {
        return held.computeIfAbsent(path, p -> new Hold());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        seen.add(new Seen(exchange.getRequestMethod(), path + (query == null ? "" : "?" + query),
                exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        try (exchange) {
            Hold hold = held.get(path);
            if (hold != null) {
                hold.arrived.countDown();
                try {
                    hold.release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                json(exchange, 200, "{\"plan\":\"late\"}");
                return;
            }
            switch (path) {
                case "/plan" -> json(exchange, 200, "{\"plan\":\"pro\",\"seats\":5}");
                case "/missing" -> json(exchange, 404, "{\"error\":\"no such user\"}");
                case "/echo" -> json(exchange, 200, "{\"method\":\"" + exchange.getRequestMethod() + "\",\"body\":"
                        + com.fasterxml.jackson.databind.node.TextNode.valueOf(body) + "}");
                case "/redirect-inside" -> redirect(exchange, 302, "/plan");
                case "/redirect-post" -> redirect(exchange, 303, "/echo");
                case "/redirect-outside" -> redirect(exchange, 302, "http://evil.example.test/steal");
                case "/redirect-loop" -> redirect(exchange, 302, "/redirect-loop");
                case "/big" -> bytes(exchange, 2000, true);
                case "/big-chunked" -> bytes(exchange, 2000, false);
                default -> json(exchange, 404, "{}");
            }
        }
    }

    private static void json(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Upstream", "one");
        exchange.getResponseHeaders().add("X-Upstream", "two");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
    }

    private static void bytes(HttpExchange exchange, int count, boolean withLength) throws IOException {
        exchange.sendResponseHeaders(200, withLength ? count : 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("x".repeat(count).getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void close() {
        held.values().forEach(Hold::release);
        server.stop(0);
    }
}
