package io.interlock.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.signature.ReplayGuard.Evaluated;
import io.interlock.signature.ReplayGuard.Outcome;
import io.interlock.signature.ReplayGuard.Refused;
import io.interlock.signature.ReplayGuard.Replayed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {

    static final Duration TOLERANCE = Duration.ofSeconds(300);
    static final byte[] BODY = ReplayGuard.sha256("{\"a\":1}".getBytes(UTF_8));
    static final byte[] OTHER_BODY = ReplayGuard.sha256("{\"a\":2}".getBytes(UTF_8));
    static final StoredResponse ALLOW = response("{\"decision\":\"ALLOW\"}");

    final AtomicLong nanos = new AtomicLong();
    final ReplayGuard<StoredResponse> guard = new ReplayGuard<>(TOLERANCE, 1_000, nanos::get, Runnable::run);
    final AtomicInteger evaluations = new AtomicInteger();

    static StoredResponse response(String json) {
        return new StoredResponse(200, json.getBytes(UTF_8), Map.of("content-type", "application/json", "interlock-decision-id", "d-1"));
    }

    /** An evaluation that counts its runs and answers with {@code value}. */
    Supplier<CompletableFuture<StoredResponse>> answering(StoredResponse value) {
        return () -> {
            evaluations.incrementAndGet();
            return CompletableFuture.completedFuture(value);
        };
    }

    /** An evaluation that counts its runs and finishes when the test completes {@code gate}. */
    Supplier<CompletableFuture<StoredResponse>> gatedBy(CompletableFuture<StoredResponse> gate) {
        return () -> {
            evaluations.incrementAndGet();
            return gate;
        };
    }

    @Test
    void replaySameBodyGetsTheStoredResponseWithoutEvaluating() {
        Outcome<StoredResponse> first = guard.once("msg_1", BODY, answering(ALLOW)).join();
        Outcome<StoredResponse> second = guard.once("msg_1", BODY.clone(), answering(response("{\"decision\":\"DENY\"}"))).join();

        assertEquals(new Evaluated<>(ALLOW), first);
        assertEquals(new Replayed<>(ALLOW), second);
        assertEquals(1, evaluations.get());
    }

    @Test
    void aResultKeepRefusesIsAnsweredButForgotten() {
        ReplayGuard<StoredResponse> guard = new ReplayGuard<>(TOLERANCE, 1_000, nanos::get, Runnable::run,
                r -> r.status() != 503);
        StoredResponse busy = new StoredResponse(503, "{}".getBytes(UTF_8), Map.of());
        assertEquals(new Evaluated<>(busy), guard.once("msg_1", BODY, answering(busy)).join());
        assertEquals(new Evaluated<>(ALLOW), guard.once("msg_1", BODY, answering(ALLOW)).join());
        assertEquals(new Replayed<>(ALLOW), guard.once("msg_1", BODY, answering(busy)).join());
        assertEquals(2, evaluations.get());
    }

    @Test
    void replayWithDifferentBodyIsRefused() {
        guard.once("msg_1", BODY, answering(ALLOW)).join();
        Outcome<StoredResponse> replay = guard.once("msg_1", OTHER_BODY, answering(ALLOW)).join();

        Refused<StoredResponse> refused = assertInstanceOf(Refused.class, replay);
        assertEquals(RejectReason.REPLAYED_ID_DIFFERENT_BODY, refused.reason());
        assertEquals(1, evaluations.get());
    }

    @Test
    void differentIdsEvaluateSeparately() {
        guard.once("msg_1", BODY, answering(ALLOW)).join();
        Outcome<StoredResponse> other = guard.once("msg_2", BODY, answering(ALLOW)).join();

        assertInstanceOf(Evaluated.class, other);
        assertEquals(2, evaluations.get());
    }

    @Test
    void concurrentDuplicateWaitsForTheFirstEvaluation() throws Exception {
        CompletableFuture<StoredResponse> gate = new CompletableFuture<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<CompletableFuture<Outcome<StoredResponse>>> first = pool.submit(() -> guard.once("msg_1", BODY, () -> {
                CompletableFuture<StoredResponse> pending = gatedBy(gate).get();
                firstStarted.countDown();
                return pending;
            }));
            assertTrue(firstStarted.await(10, TimeUnit.SECONDS));

            CompletableFuture<Outcome<StoredResponse>> duplicate = guard.once("msg_1", BODY, answering(ALLOW));
            assertFalse(duplicate.isDone(), "the duplicate must wait, not evaluate");
            assertEquals(1, evaluations.get());

            gate.complete(ALLOW);
            assertEquals(new Evaluated<>(ALLOW), first.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
            assertEquals(new Replayed<>(ALLOW), duplicate.get(10, TimeUnit.SECONDS));
            assertEquals(1, evaluations.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentDuplicateWithDifferentBodyIsRefusedAtOnce() {
        CompletableFuture<StoredResponse> gate = new CompletableFuture<>();
        CompletableFuture<Outcome<StoredResponse>> first = guard.once("msg_1", BODY, gatedBy(gate));

        Outcome<StoredResponse> other = guard.once("msg_1", OTHER_BODY, answering(ALLOW)).getNow(null);

        assertInstanceOf(Refused.class, other);
        assertFalse(first.isDone());
        assertEquals(1, evaluations.get());
    }

    @Test
    void manySimultaneousDuplicatesEvaluateOnce() throws Exception {
        int callers = 8;
        CompletableFuture<StoredResponse> gate = new CompletableFuture<>();
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<CompletableFuture<Outcome<StoredResponse>>>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return guard.once("msg_1", BODY, gatedBy(gate));
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            List<CompletableFuture<Outcome<StoredResponse>>> outcomes = new ArrayList<>();
            for (Future<CompletableFuture<Outcome<StoredResponse>>> call : calls) {
                outcomes.add(call.get(10, TimeUnit.SECONDS));
            }
            gate.complete(ALLOW);

            long evaluated = 0;
            for (CompletableFuture<Outcome<StoredResponse>> outcome : outcomes) {
                Outcome<StoredResponse> o = outcome.get(10, TimeUnit.SECONDS);
                evaluated += o instanceof Evaluated ? 1 : 0;
                assertTrue(o.equals(new Evaluated<>(ALLOW)) || o.equals(new Replayed<>(ALLOW)), o::toString);
            }
            assertEquals(1, evaluated);
            assertEquals(1, evaluations.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failedEvaluationIsForgottenSoARetryEvaluates() {
        CompletableFuture<StoredResponse> gate = new CompletableFuture<>();
        CompletableFuture<Outcome<StoredResponse>> first = guard.once("msg_1", BODY, gatedBy(gate));
        CompletableFuture<Outcome<StoredResponse>> waiting = guard.once("msg_1", BODY, answering(ALLOW));
        // A caller reacting to the failure must already find the entry gone.
        CompletableFuture<Outcome<StoredResponse>> retry = first.handle((o, e) -> guard.once("msg_1", BODY, answering(ALLOW)))
                .thenCompose(f -> f);

        RuntimeException boom = new IllegalStateException("policy engine down");
        gate.completeExceptionally(boom);

        assertSame(boom, assertThrows(CompletionException.class, first::join).getCause());
        assertSame(boom, assertThrows(CompletionException.class, waiting::join).getCause());
        assertEquals(new Evaluated<>(ALLOW), retry.join());
        assertEquals(2, evaluations.get());
    }

    @Test
    void throwingSupplierIsForgotten() {
        Supplier<CompletableFuture<StoredResponse>> throwing = () -> {
            evaluations.incrementAndGet();
            throw new IllegalStateException("no engine");
        };
        CompletableFuture<Outcome<StoredResponse>> first = guard.once("msg_1", BODY, throwing);

        assertInstanceOf(IllegalStateException.class, assertThrows(ExecutionException.class, first::get).getCause());
        assertEquals(new Evaluated<>(ALLOW), guard.once("msg_1", BODY, answering(ALLOW)).join());
        assertEquals(2, evaluations.get());
    }

    @Test
    void nullFromSupplierIsAFailure() {
        CompletableFuture<Outcome<StoredResponse>> first = guard.once("msg_1", BODY, () -> null);

        assertInstanceOf(NullPointerException.class, assertThrows(ExecutionException.class, first::get).getCause());
        assertEquals(new Evaluated<>(ALLOW), guard.once("msg_1", BODY, answering(ALLOW)).join());
    }

    @Test
    void entriesExpireAfterTwiceTheTolerance() {
        guard.once("msg_1", BODY, answering(ALLOW)).join();

        nanos.addAndGet(TOLERANCE.multipliedBy(2).toNanos() - 1);
        assertInstanceOf(Replayed.class, guard.once("msg_1", BODY, answering(ALLOW)).join());
        assertInstanceOf(Refused.class, guard.once("msg_1", OTHER_BODY, answering(ALLOW)).join());

        nanos.addAndGet(1);
        assertInstanceOf(Evaluated.class, guard.once("msg_1", OTHER_BODY, answering(ALLOW)).join());
        assertEquals(2, evaluations.get());
    }

    @Test
    void sizeIsBounded() {
        ReplayGuard<StoredResponse> small = new ReplayGuard<>(TOLERANCE, 10, nanos::get, Runnable::run);
        for (int i = 0; i < 100; i++) {
            small.once("msg_" + i, BODY, answering(ALLOW)).join();
        }
        assertTrue(small.size() <= 10, () -> "size " + small.size());
    }

    @Test
    void rejectsSomethingThatIsNotADigest() {
        assertThrows(IllegalArgumentException.class, () -> guard.once("msg_1", "{\"a\":1}".getBytes(UTF_8), answering(ALLOW)));
        assertThrows(IllegalArgumentException.class, () -> guard.once("msg_1", null, answering(ALLOW)));
        assertEquals(0, evaluations.get());
    }

    @Test
    void sha256OfEmptyBody() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HexFormat.of().formatHex(ReplayGuard.sha256(new byte[0])));
    }

    @Test
    void storedResponseIsImmutable() {
        byte[] body = "x".getBytes(UTF_8);
        StoredResponse stored = new StoredResponse(200, body, Map.of());
        body[0] = 'y';
        stored.body()[0] = 'z';

        assertArrayEquals("x".getBytes(UTF_8), stored.body());
        assertEquals(new StoredResponse(200, "x".getBytes(UTF_8), Map.of()), stored);
        assertNotEquals(new StoredResponse(503, "x".getBytes(UTF_8), Map.of()), stored);
    }
}
