package io.interlock.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.Signer;
import io.interlock.testing.Servers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Right after start, before any call, /metrics already has every counter an alert watches, at 0,
 * with the label sets it will have: an alert on increase() then sees the first event. PRE_SIGNUP
 * runs with on-error=allow here, so its failures are counted as ALLOW.
 */
class MetricsAtStartTest {

    private static EmbeddedServer server;
    private static Map<String, String> lines;

    @BeforeAll
    static void startAndScrape() {
        server = Servers.start(Map.of("interlock.pre-signup.on-error", "allow"));
        String text = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/metrics")).build()).body();
        lines = Arrays.stream(text.split("\n")).filter(l -> !l.startsWith("#") && !l.isBlank())
                .collect(Collectors.toMap(l -> l.substring(0, l.lastIndexOf(' ')), l -> l.substring(l.lastIndexOf(' ') + 1)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> series() {
        return Stream.of(
                "interlock_policy_timeouts_total{trigger=\"PRE_SIGNUP\"}",
                "interlock_policy_timeouts_total{trigger=\"PRE_M2M_TOKEN_CREATION\"}",
                "interlock_policy_memory_kills_total{trigger=\"PRE_SESSION_CREATION\"}",
                "interlock_policy_memory_kills_total{trigger=\"PRE_USER_INVITATION\"}",
                "interlock_policy_reloads_total",
                "interlock_policy_load_errors_total",
                "interlock_rejected_requests_total{status=\"400\"}",
                "interlock_rejected_requests_total{status=\"401\"}",
                "interlock_rejected_requests_total{status=\"405\"}",
                "interlock_rejected_requests_total{status=\"413\"}",
                "interlock_rejected_requests_total{status=\"415\"}",
                "interlock_rejected_requests_total{status=\"503\"}",
                decisions("PRE_SESSION_CREATION", "DENY", "policy_timeout"),
                decisions("PRE_SESSION_CREATION", "DENY", "policy_error"),
                decisions("PRE_USER_INVITATION", "DENY", "none"),
                decisions("PRE_M2M_TOKEN_CREATION", "ALLOW", "none"),
                decisions("PRE_M2M_TOKEN_CREATION", "DENY", "invalid_decision"),
                decisions("PRE_SIGNUP", "ALLOW", "policy_memory"),
                decisions("PRE_SIGNUP", "none", "overloaded"),
                "interlock_decision_log_dropped_total")
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("series")
    void isThereAtZero(String series) {
        assertEquals("0.0", lines.get(series), series + " at start; has "
                + lines.keySet().stream().filter(k -> k.startsWith(series.split("\\{")[0])).sorted().toList());
    }

    /**
     * Issue 23 item 8: series no call can move are not there. {@code no_policy} cannot happen in the
     * service (the start is refused without a loadable chain, and a reload keeps the last good one); a
     * call no allowlist entry let out was refused before it was sent, so it has no status; with no
     * allowlist there is no entry to label.
     */
    @org.junit.jupiter.api.Test
    void seriesNoCallCanMoveAreNotRegistered() {
        java.util.List<String> dead = lines.keySet().stream().filter(k -> k.contains("failure=\"no_policy\"")
                || k.startsWith("interlock_fetch_calls_total{host=\"none\",outcome=\"2xx\"")
                || k.startsWith("interlock_fetch_calls_total{host=\"none\",outcome=\"dns\"")).sorted().toList();
        assertEquals(java.util.List.of(), dead);
        assertEquals("0.0", lines.get("interlock_fetch_calls_total{host=\"none\",outcome=\"not_allowed\"}"),
                "a refused call is possible, and counted from 0");
    }

    /** Issue 23 item 8: what is running, as one series at 1: version, commit, Java, JIT. */
    @org.junit.jupiter.api.Test
    void buildInfoSaysWhatIsRunning() {
        String key = lines.keySet().stream().filter(k -> k.startsWith("interlock_build_info{")).findFirst()
                .orElseThrow(() -> new AssertionError("no interlock_build_info"));
        assertEquals(1.0, Double.parseDouble(lines.get(key)), key);
        assertTrue(key.contains("java=\"" + Runtime.version() + "\""), key);
        assertTrue(key.contains("jit=\"off\"") || key.contains("jit=\"on\""), key);
        assertTrue(key.matches(".*commit=\"[^\"]+\".*") && key.matches(".*version=\"[^\"]+\".*"), key);
    }

    private static String decisions(String trigger, String decision, String failure) {
        return "interlock_decisions_total{decision=\"" + decision + "\",failure=\"" + failure
                + "\",source=\"intercept\",trigger=\"" + trigger + "\"}";
    }
}
