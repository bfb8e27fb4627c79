package io.interlock.engine;

import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The prepared contexts of one chain. Evaluations borrow one, use it alone, and give it back;
 * a context that hit a limit or is worn out is retired and a replacement is prepared in the
 * background, so with {@code target} contexts (evaluation threads plus a spare, prepared in the
 * background from the chain's warm-up on) no call waits for a realm to be built. Only when every context is
 * lent out does a call prepare one itself, and the pool keeps it.
 * Closing the pool (the chain was reloaded) closes idle contexts at once and lent ones when they
 * come back, so calls in flight finish on the chain they started with.
 */
final class ContextPool implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ContextPool.class);

    private final Supplier<ChainContext> opener;
    private final ChainContext.Recycling recycling;
    private final int target;
    private final Executor background;
    /** Most recently used first: its code and caches are the warmest. */
    private final Deque<ChainContext> idle = new ConcurrentLinkedDeque<>();
    /** Contexts idle, lent out or being prepared. */
    private final AtomicInteger open = new AtomicInteger();
    /** Preparations under way, so that {@link #fill} can wait for them. */
    private final Queue<CompletableFuture<Void>> preparing = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    ContextPool(Supplier<ChainContext> opener, ChainContext.Recycling recycling, int target, Executor background) {
        this.opener = opener;
        this.recycling = recycling;
        this.target = target;
        this.background = background;
    }

    ChainContext borrow() {
        ChainContext context = idle.pollFirst();
        if (context != null) {
            return context;
        }
        open.incrementAndGet();
        try {
            context = opener.get();
        } catch (RuntimeException e) {
            open.decrementAndGet();
            throw e;
        }
        // Kept when given back: the pool grows to the concurrency it sees.
        return context;
    }

    /** {@code healthy}: the evaluation ended without a limit, cancellation or engine error. */
    void giveBack(ChainContext context, boolean healthy) {
        if (healthy && !closed && !context.worn(recycling)) {
            idle.offerFirst(context);
            if (closed && idle.remove(context)) {
                retire(context);
            }
            return;
        }
        retire(context);
        refill();
    }

    /** Prepares contexts until {@code target} are open, on the background executor. */
    void refill() {
        while (!closed) {
            int now = open.get();
            if (now >= target) {
                return;
            }
            if (open.compareAndSet(now, now + 1)) {
                CompletableFuture<Void> adding = CompletableFuture.runAsync(this::addOne, background);
                preparing.add(adding);
                adding.whenComplete((done, failed) -> preparing.remove(adding));
            }
        }
    }

    /**
     * Prepares the contexts still missing, side by side on the background executor, and waits
     * for every preparation under way (this call's and earlier refills') until {@code deadline}
     * (a {@link System#nanoTime()} value). Returns whether {@code target} contexts are prepared
     * then (idle, or lent to calls that came meanwhile).
     */
    boolean fill(long deadline) {
        refill();
        for (CompletableFuture<Void> adding : List.copyOf(preparing)) {
            try {
                adding.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                // addOne logs its own failures; the pool is short of one context
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return open.get() >= target;
    }

    /** Up to {@code max} idle contexts, lent to the caller, who gives each back; none is prepared for it. */
    List<ChainContext> lendIdle(int max) {
        List<ChainContext> lent = new java.util.ArrayList<>();
        for (ChainContext context = idle.pollFirst(); context != null; context = lent.size() < max ? idle.pollFirst() : null) {
            lent.add(context);
        }
        return lent;
    }

    /** How many contexts the pool keeps ready. */
    int target() {
        return target;
    }

    int idle() {
        return idle.size();
    }

    private void addOne() {
        if (closed) {
            open.decrementAndGet();
            return;
        }
        try {
            ChainContext context = opener.get();
            idle.offerLast(context);
            if (closed && idle.remove(context)) {
                retire(context);
            }
        } catch (IllegalStateException engineClosed) {
            open.decrementAndGet();
        } catch (RuntimeException e) {
            open.decrementAndGet();
            LOG.warn("could not prepare a context in the background: {}", e.getMessage());
        }
    }

    private void retire(ChainContext context) {
        open.decrementAndGet();
        background.execute(context::close);
    }

    @Override
    public void close() {
        closed = true;
        for (ChainContext context = idle.pollFirst(); context != null; context = idle.pollFirst()) {
            retire(context);
        }
    }
}
