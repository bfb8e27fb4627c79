package io.interlock.service;

import io.interlock.config.StallSettings;
import io.interlock.engine.EvaluationProgress;
import io.interlock.engine.Ticker;
import io.interlock.trigger.Trigger;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What an evaluation pool refuses to start, because it could not stop what it started before.
 *
 * <p>A few built-ins (string search on long repetitive strings, BigInt arithmetic on huge values,
 * JSON of huge strings) run as one Java call the watchdog's cancellation cannot interrupt: the
 * caller is answered at its deadline, but the thread burns a core for seconds or minutes. Nothing
 * can shorten that; what can be done is not to start another. So:
 * <ul>
 * <li>an input that stalled is quarantined: the same chain version with the same input (its
 *     {@link InputFingerprint}, without the fields the platform sets per call) is answered at once,
 *     never run, while its evaluation is still inside the built-in and for a cool-down after it
 *     came out, doubled for each further stall of the same input (up to 16×);</li>
 * <li>a trigger with {@link StallSettings#perTrigger} different inputs still stuck, a policy that stalls
 *     on whatever it is given, has every call answered at once until one comes out; the other
 *     triggers are not affected. Inputs, not threads, are counted: a burst of one input can stall
 *     every worker before the first is found stuck, and that input is quarantined already;</li>
 * <li>with {@link StallSettings#maxStuck} threads of the pool busy past their answer, every call is
 *     answered at once (the bound on threads, and the memory they hold, whatever the triggers).</li>
 * </ul>
 * A refusal is a value the caller answers per on-error ({@code policy_quarantined}); each stall,
 * its end and each cap reached or lifted is one log line naming trigger, policy, chain version and
 * input fingerprint, never the input itself. Time comes from the injected ticker.
 */
public final class StallGuard {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("interlock");

    /** What a call would run: its trigger, its chain's version and its input, both computed only when needed. */
    public static final class Input {
        private final Trigger trigger;
        private final Supplier<String> chainSource;
        private final Supplier<String> fingerprintSource;
        private String chain;
        private String fingerprint;

        public Input(Trigger trigger, Supplier<String> chain, Supplier<String> fingerprint) {
            this.trigger = trigger;
            this.chainSource = chain;
            this.fingerprintSource = fingerprint;
        }

        public Trigger trigger() {
            return trigger;
        }

        synchronized String chain() {
            if (chain == null) {
                chain = chainSource.get();
            }
            return chain;
        }

        synchronized String fingerprint() {
            if (fingerprint == null) {
                fingerprint = fingerprintSource.get();
            }
            return fingerprint;
        }

        String key() {
            return trigger.name() + "/" + chain() + "/" + fingerprint();
        }
    }

    /** Why a call was not run; {@link Reason#label()} is the metrics' {@code reason}. */
    public record Refusal(Reason reason, String message) {}

    public enum Reason {
        /** This input stalled and is quarantined. */
        INPUT,
        /** The trigger has {@link StallSettings#perTrigger} inputs stuck. */
        TRIGGER,
        /** The pool has {@link StallSettings#maxStuck} threads stuck. */
        ALL;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One quarantined input of one chain version. */
    private static final class Entry {
        final Trigger trigger;
        final String chain;
        final String fingerprint;
        String policy;
        /** Its evaluations still inside a built-in. */
        int inside;
        long stalledAt;
        /** When it was last found stuck (the ticker's time), and the strikes it had before. */
        long flaggedAt;
        int strikesBefore;
        /** When the quarantine ends, once {@code inside} is 0; and when the entry is forgotten. */
        long until;
        long forgetAt;
        int strikes;

        Entry(Trigger trigger, String chain, String fingerprint) {
            this.trigger = trigger;
            this.chain = chain;
            this.fingerprint = fingerprint;
        }

        boolean quarantined(long now) {
            return inside > 0 || now - until < 0;
        }
    }

    /** Far more than the caps let stall at once within a cool-down; bounds memory whatever happens. */
    static final int MAX_ENTRIES = 10_000;
    /**
     * A thread out of its built-in this soon after it was found stuck was starved of a core, not
     * stuck: the watchdog had stopped it and it came out as soon as it ran. Its input is let go at
     * once instead of cooling down: on a machine short of CPU (found under load by bench/run, where
     * every call has the same input) a cool-down refused a minute of ordinary calls. The built-ins
     * that do stall stay inside for seconds.
     */
    static final java.time.Duration STARVED_NOT_STUCK = java.time.Duration.ofSeconds(1);
    private static final int MAX_DOUBLINGS = 4;

    private final StallSettings settings;
    private final Ticker ticker;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<Trigger, AtomicInteger> entriesOf = counters();
    private final Map<Trigger, AtomicInteger> stuckInputs = counters();
    private final Map<Trigger, AtomicInteger> stuckThreads = counters();
    private final Map<Trigger, AtomicLong> stalls = new EnumMap<>(Trigger.class);
    private final Map<Trigger, Map<Reason, AtomicLong>> refusals = new EnumMap<>(Trigger.class);
    private final Map<Trigger, Boolean> triggerCapped = new EnumMap<>(Trigger.class);
    private volatile boolean allCapped;

    public StallGuard(StallSettings settings, Ticker ticker) {
        this.settings = settings;
        this.ticker = ticker;
        for (Trigger t : Trigger.values()) {
            stalls.put(t, new AtomicLong());
            Map<Reason, AtomicLong> byReason = new EnumMap<>(Reason.class);
            for (Reason r : Reason.values()) {
                byReason.put(r, new AtomicLong());
            }
            refusals.put(t, byReason);
            triggerCapped.put(t, false);
        }
    }

    public StallSettings settings() {
        return settings;
    }

    /**
     * Whether {@code input} may run now, with {@code poolStuck} threads of the pool busy past their
     * answer. Costs two counter reads unless something of this trigger stalled lately.
     */
    public Optional<Refusal> admit(Input input, int poolStuck) {
        Trigger trigger = input.trigger();
        Optional<Refusal> refusal = entriesOf.get(trigger).get() == 0 ? Optional.empty() : quarantined(input);
        if (refusal.isEmpty() && stuckInputs.get(trigger).get() >= settings.perTrigger()) {
            refusal = Optional.of(triggerCapped(trigger));
        }
        if (refusal.isEmpty() && (poolStuck >= settings.maxStuck() || allCapped)) {
            refusal = allCapped(poolStuck);
        }
        refusal.ifPresent(r -> refusals.get(trigger).get(r.reason()).incrementAndGet());
        return refusal;
    }

    private synchronized Optional<Refusal> quarantined(Input input) {
        Entry entry = entries.get(input.key());
        long now = ticker.read();
        if (entry == null || !entry.quarantined(now)) {
            return Optional.empty();
        }
        String until = entry.inside > 0 ? "while its evaluation is still inside the built-in, and "
                + seconds(cooldownOf(entry)) + " s after" : "for another " + seconds(entry.until - now) + " s";
        return Optional.of(new Refusal(Reason.INPUT, "not run: the same input (fingerprint " + entry.fingerprint + ") stalled "
                + named(entry.policy) + " in a built-in operation that cannot be interrupted; it is quarantined " + until));
    }

    private synchronized Refusal triggerCapped(Trigger trigger) {
        int inputs = stuckInputs.get(trigger).get();
        if (!triggerCapped.get(trigger)) {
            triggerCapped.put(trigger, true);
            LOG.warn("stall cap reached: trigger={} has {} different inputs stuck in built-ins that cannot be interrupted"
                    + " (INTERLOCK_STUCK_PER_TRIGGER={}): its calls are answered per on-error without running"
                    + " (policy_quarantined) until one finishes; other triggers are not affected",
                    trigger.wireName(), inputs, settings.perTrigger());
        }
        return new Refusal(Reason.TRIGGER, "not run: " + inputs + " different inputs of " + trigger.wireName()
                + " are stuck in built-in operations that cannot be interrupted (INTERLOCK_STUCK_PER_TRIGGER="
                + settings.perTrigger() + "); its calls are answered per on-error until one finishes");
    }

    private synchronized Optional<Refusal> allCapped(int poolStuck) {
        if (poolStuck < settings.maxStuck()) {
            if (allCapped) {
                allCapped = false;
                LOG.info("stall cap lifted: {} threads stuck, below INTERLOCK_STUCK_MAX={}; calls run again",
                        poolStuck, settings.maxStuck());
            }
            return Optional.empty();
        }
        if (!allCapped) {
            allCapped = true;
            LOG.warn("stall cap reached: {} evaluation threads are stuck in built-ins that cannot be interrupted"
                    + " (INTERLOCK_STUCK_MAX={}): every call is answered per on-error without running (policy_quarantined)"
                    + " until one finishes", poolStuck, settings.maxStuck());
        }
        return Optional.of(new Refusal(Reason.ALL, "not run: " + poolStuck + " evaluations are stuck in built-in operations that"
                + " cannot be interrupted (INTERLOCK_STUCK_MAX=" + settings.maxStuck() + "); every call is answered per on-error"
                + " until one finishes"));
    }

    /**
     * {@code input}'s evaluation was stopped at its limit and is still inside a built-in: from now
     * on the input is quarantined. Returns the words for its own answer.
     */
    public synchronized String stalled(Input input, EvaluationProgress.Snapshot at) {
        long now = ticker.read();
        forgetOld(now);
        Entry entry = entries.get(input.key());
        if (entry == null) {
            makeRoom();
            entry = new Entry(input.trigger(), input.chain(), input.fingerprint());
            entries.put(input.key(), entry);
            entriesOf.get(entry.trigger).incrementAndGet();
        } else if (!entry.quarantined(now)) {
            entry.strikesBefore = entry.strikes;
            entry.strikes = Math.min(entry.strikes + 1, MAX_DOUBLINGS);
        }
        entry.flaggedAt = now;
        if (entry.inside++ == 0) {
            stuckInputs.get(entry.trigger).incrementAndGet();
        }
        entry.policy = at.policy();
        entry.stalledAt = at.startedNanos();
        stuckThreads.get(entry.trigger).incrementAndGet();
        stalls.get(entry.trigger).incrementAndGet();
        LOG.warn("stalled: trigger={} policy={} chain={} input={}: stopped at its {} but its thread is still inside a built-in"
                + " that cannot be interrupted; input quarantined (the same input is answered per on-error without running,"
                + " policy_quarantined) until {} s after the thread finishes{}; stuck on this trigger now: inputs {}, threads {}",
                entry.trigger.wireName(), named(entry.policy), entry.chain, entry.fingerprint,
                at.stoppedAs() == io.interlock.engine.FailureCode.POLICY_MEMORY ? "memory limit" : "time limit",
                seconds(cooldownOf(entry)), entry.strikes > 0 ? " (stalled " + (entry.strikes + 1) + " times: cool-down doubled)" : "",
                stuckInputs.get(entry.trigger).get(), stuckThreads.get(entry.trigger).get());
        return "input fingerprint " + entry.fingerprint + " quarantined";
    }

    /** A stalled evaluation of {@code input} came out of its built-in: the cool-down starts. */
    public synchronized void ended(Input input) {
        Entry entry = entries.get(input.key());
        if (entry == null || entry.inside == 0) {
            return;
        }
        long now = ticker.read();
        stuckThreads.get(entry.trigger).decrementAndGet();
        if (--entry.inside > 0) {
            return;
        }
        stuckInputs.get(entry.trigger).decrementAndGet();
        if (now - entry.flaggedAt - STARVED_NOT_STUCK.toNanos() < 0) {
            entry.strikes = entry.strikesBefore;
            entry.until = now;
            // nothing to remember unless it had stalled for real before
            entry.forgetAt = entry.strikes == 0 ? now : now + cooldownOf(entry);
            LOG.info("stall ended: trigger={} policy={} chain={} input={}: its thread came out {} ms after it was found stuck,"
                    + " as soon as it got a core (a machine short of CPU, not a built-in that cannot be interrupted);"
                    + " input no longer quarantined", entry.trigger.wireName(), named(entry.policy), entry.chain, entry.fingerprint,
                    (now - entry.flaggedAt) / 1_000_000);
            liftTriggerCap(entry.trigger);
            return;
        }
        long coolDown = cooldownOf(entry);
        entry.until = now + coolDown;
        entry.forgetAt = entry.until + coolDown;
        LOG.info("stall ended: trigger={} policy={} chain={} input={}: its thread came out {} s after the policies started;"
                + " input quarantined for {} s more", entry.trigger.wireName(), named(entry.policy), entry.chain, entry.fingerprint,
                String.format(java.util.Locale.ROOT, "%.1f", (now - entry.stalledAt) / 1e9), seconds(coolDown));
        liftTriggerCap(entry.trigger);
    }

    private void liftTriggerCap(Trigger trigger) {
        if (triggerCapped.get(trigger) && stuckInputs.get(trigger).get() < settings.perTrigger()) {
            triggerCapped.put(trigger, false);
            LOG.info("stall cap lifted: trigger={} has {} inputs stuck, below INTERLOCK_STUCK_PER_TRIGGER={}; its calls run again",
                    trigger.wireName(), stuckInputs.get(trigger).get(), settings.perTrigger());
        }
    }

    /** Evaluations of {@code trigger} still inside a built-in after being stopped. */
    public int stuck(Trigger trigger) {
        return stuckThreads.get(trigger).get();
    }

    /** Inputs of {@code trigger} quarantined now (still stuck, or cooling down). */
    public synchronized int quarantined(Trigger trigger) {
        long now = ticker.read();
        return (int) entries.values().stream().filter(e -> e.trigger == trigger && e.quarantined(now)).count();
    }

    /** Evaluations of {@code trigger} found stuck in a built-in, since start. */
    public long stalls(Trigger trigger) {
        return stalls.get(trigger).get();
    }

    /** Calls of {@code trigger} answered without running, for {@code reason}, since start. */
    public long refusals(Trigger trigger, Reason reason) {
        return refusals.get(trigger).get(reason).get();
    }

    private long cooldownOf(Entry entry) {
        return settings.coolDown().toNanos() << entry.strikes;
    }

    private void forgetOld(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.inside == 0 && now - entry.forgetAt >= 0) {
                it.remove();
                entriesOf.get(entry.trigger).decrementAndGet();
            }
        }
    }

    /** At the bound, the entry whose quarantine ends first goes (never one still stuck). */
    private void makeRoom() {
        if (entries.size() < MAX_ENTRIES) {
            return;
        }
        String oldest = null;
        long oldestUntil = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getValue().inside == 0 && (oldest == null || e.getValue().until - oldestUntil < 0)) {
                oldest = e.getKey();
                oldestUntil = e.getValue().until;
            }
        }
        if (oldest != null) {
            entriesOf.get(entries.remove(oldest).trigger).decrementAndGet();
        }
    }

    private static String named(String policy) {
        return policy == null ? "the chain" : policy;
    }

    private static long seconds(long nanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toSeconds(nanos + 500_000_000L));
    }

    private static Map<Trigger, AtomicInteger> counters() {
        Map<Trigger, AtomicInteger> map = new EnumMap<>(Trigger.class);
        for (Trigger t : Trigger.values()) {
            map.put(t, new AtomicInteger());
        }
        return map;
    }
}
