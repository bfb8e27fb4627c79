package io.interlock.signature;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Makes sure a message id is evaluated at most once while its signature is still acceptable, so
 * a replay can never get a different answer than the original call.
 *
 * <p>The first call with an id runs the evaluation; its result is kept, keyed by id, together
 * with the SHA-256 of the body. A later or concurrent call with the same id and body shares that
 * result (a concurrent one waits for it); one with a different body is refused. Use it only
 * after {@link SignatureVerifier} accepted the call: ids are then authentic, so a stranger
 * cannot fill or poison the cache.
 *
 * <p>Entries live for twice the signature tolerance: a signed call is accepted from
 * {@code timestamp - tolerance} to {@code timestamp + tolerance}, so first sight and last
 * acceptable replay are at most {@code 2 × tolerance} apart. After that the signature check
 * already refuses the replay.
 *
 * <p>If the evaluation fails (exceptional future, or the supplier throws), the entry is removed
 * before the failure is reported, so the platform's retry evaluates afresh. Calls that were
 * already waiting on that evaluation receive the same failure. A result that {@code keep}
 * refuses (an answer that means "try again", such as a 503) is handed out the same way but
 * forgotten too, so a retry is evaluated instead of being given that answer again.
 *
 * <p>Capacity: the cache holds at most {@code maximumSize} ids (default {@value
 * #DEFAULT_MAXIMUM_SIZE}, about 170 calls per second sustained over a 600 s window). Beyond that
 * Caffeine evicts by frequency and recency, possibly the newest entry, even one still being
 * evaluated. An evicted id is forgotten: a replay of it within the window is evaluated again as
 * if new, and may get a different answer if policies or data changed in between; a concurrent
 * duplicate of an evicted in-flight entry may evaluate twice. Size the cache for the peak call
 * rate times {@code 2 × tolerance}; memory is roughly the stored response size per entry.
 */
public final class ReplayGuard<T> {

    public static final long DEFAULT_MAXIMUM_SIZE = 100_000;
    private static final int SHA256_LENGTH = 32;

    private final ConcurrentMap<String, Entry<T>> entries;
    private final Predicate<? super T> keep;

    public ReplayGuard(Duration tolerance) {
        this(tolerance, DEFAULT_MAXIMUM_SIZE, result -> true);
    }

    public ReplayGuard(Duration tolerance, long maximumSize, Predicate<? super T> keep) {
        this(tolerance, maximumSize, Ticker.systemTicker(), ForkJoinPool.commonPool(), keep);
    }

    ReplayGuard(Duration tolerance, long maximumSize, Ticker ticker, Executor maintenance) {
        this(tolerance, maximumSize, ticker, maintenance, result -> true);
    }

    ReplayGuard(Duration tolerance, long maximumSize, Ticker ticker, Executor maintenance, Predicate<? super T> keep) {
        if (tolerance.isNegative() || tolerance.isZero() || maximumSize <= 0) {
            throw new IllegalArgumentException("tolerance and maximumSize must be positive");
        }
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(tolerance.multipliedBy(2))
                .ticker(ticker)
                .executor(maintenance)
                .<String, Entry<T>>build()
                .asMap();
        this.keep = Objects.requireNonNull(keep, "keep");
    }

    /** The result of {@link #once}: what the caller should answer. */
    public sealed interface Outcome<T> permits Evaluated, Replayed, Refused {}

    /** This call ran the evaluation. */
    public record Evaluated<T>(T value) implements Outcome<T> {}

    /** An earlier or concurrent call with the same id and body ran it; this is its result. */
    public record Replayed<T>(T value) implements Outcome<T> {}

    /** The id was seen with a different body; nothing was evaluated. */
    public record Refused<T>(RejectReason reason, String detail) implements Outcome<T> {}

    /**
     * Runs {@code evaluation} unless this id is already known. The returned future fails only
     * when the evaluation (this call's or the shared one) fails.
     *
     * @param bodySha256 SHA-256 of the raw body, see {@link #sha256(byte[])}
     */
    public CompletableFuture<Outcome<T>> once(
            String id, byte[] bodySha256, Supplier<? extends CompletionStage<T>> evaluation) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(evaluation, "evaluation");
        if (bodySha256 == null || bodySha256.length != SHA256_LENGTH) {
            throw new IllegalArgumentException("bodySha256 must be a 32-byte SHA-256 digest");
        }
        Entry<T> mine = new Entry<>(bodySha256.clone(), new CompletableFuture<>());
        Entry<T> existing = entries.putIfAbsent(id, mine);
        if (existing == null) {
            evaluate(id, mine, evaluation);
            return mine.result.thenApply(Evaluated::new);
        }
        if (!MessageDigest.isEqual(existing.bodySha256, bodySha256)) {
            return CompletableFuture.completedFuture(new Refused<>(RejectReason.REPLAYED_ID_DIFFERENT_BODY,
                    "message id already seen in the replay window with a different body"));
        }
        return existing.result.thenApply(Replayed::new);
    }

    /** Ids currently remembered (approximate); for metrics. */
    public long size() {
        return entries.size();
    }

    /** SHA-256 of {@code body}, the form {@link #once} expects. */
    public static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    private void evaluate(String id, Entry<T> mine, Supplier<? extends CompletionStage<T>> evaluation) {
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(evaluation.get(), "evaluation returned null");
        } catch (Throwable e) {
            fail(id, mine, e);
            return;
        }
        stage.whenComplete((value, error) -> {
            if (error != null) {
                fail(id, mine, error);
            } else {
                if (!keep.test(value)) {
                    entries.remove(id, mine);
                }
                mine.result.complete(value);
            }
        });
    }

    /** Forget first, then report: whoever reacts to the failure by retrying must find no entry. */
    private void fail(String id, Entry<T> mine, Throwable error) {
        entries.remove(id, mine);
        mine.result.completeExceptionally(error);
    }

    private record Entry<T>(byte[] bodySha256, CompletableFuture<T> result) {}
}
