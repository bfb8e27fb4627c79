package io.interlock.log;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET /v1/decisions/stats}: the filters of {@code /v1/decisions} (parsed
 * by {@link DecisionQuery}, so the two can never disagree on what a filter means) plus a time
 * bucket. Aggregates need a window, so {@code to} defaults to now and {@code from} to 24 hours
 * before {@code to}. {@code limit} and {@code cursor} page a list and mean nothing here: a 400.
 *
 * @param filters the decisions counted, with {@code from} and {@code to} always set
 * @param bucket  the width of one bar of the time series; buckets start at multiples of it since
 *                the epoch (UTC)
 */
record StatsQuery(DecisionQuery filters, Duration bucket) {

    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** A chart of more bars than this is unreadable, and a dense series of them is work for nothing. */
    static final int MAX_BUCKETS = 500;
    /** The automatic bucket is the first of these that draws at most {@link #AUTO_BUCKETS} bars. */
    static final List<Duration> STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(7));
    static final int AUTO_BUCKETS = 120;
    static final List<String> NOT_HERE = List.of("limit", "cursor");
    private static final Pattern BUCKET = Pattern.compile("([1-9][0-9]{0,5})([smhd])");

    static StatsQuery parse(Map<String, List<String>> parameters, Masking masking, Instant now) {
        Map<String, List<String>> filters = new LinkedHashMap<>(parameters);
        for (String name : NOT_HERE) {
            if (filters.containsKey(name)) {
                throw new BadQuery(name, "pages the list of /v1/decisions; the stats count every match");
            }
        }
        List<String> bucket = filters.remove("bucket");
        String givenBucket = bucket == null || bucket.isEmpty() || bucket.get(0).isBlank() ? null : bucket.get(0).trim();
        if (bucket != null && bucket.size() > 1) {
            throw new BadQuery("bucket", "given more than once");
        }
        // parsed once as given (to check them), then with the window's defaults filled in
        DecisionQuery given = DecisionQuery.parse(filters, masking);
        Instant to = given.to() != null ? given.to() : now;
        Instant from = given.from() != null ? given.from() : to.minus(DEFAULT_WINDOW);
        if (!from.isBefore(to)) {
            throw new BadQuery("from", "must be earlier than to (to defaults to now)");
        }
        filters.put("from", List.of(DateTimeFormatter.ISO_INSTANT.format(from)));
        filters.put("to", List.of(DateTimeFormatter.ISO_INSTANT.format(to)));
        Duration window = Duration.between(from, to);
        Duration width = givenBucket == null ? auto(window) : bucket(givenBucket);
        long bars = buckets(from, to, width);
        if (bars > MAX_BUCKETS) {
            throw new BadQuery(givenBucket == null ? "from" : "bucket", "the window " + from + " to " + to + " in buckets of "
                    + describe(width) + " is " + bars + " buckets; at most " + MAX_BUCKETS
                    + ": choose a larger bucket or a shorter window");
        }
        return new StatsQuery(DecisionQuery.parse(filters, masking), width);
    }

    Instant from() {
        return filters.from();
    }

    Instant to() {
        return filters.to();
    }

    long bucketMs() {
        return bucket.toMillis();
    }

    /** The start of the first bucket: {@code from} rounded down to a multiple of the bucket. */
    long firstBucketMs() {
        return Math.floorDiv(from().toEpochMilli(), bucketMs()) * bucketMs();
    }

    static long buckets(Instant from, Instant to, Duration width) {
        long w = width.toMillis();
        long first = Math.floorDiv(from.toEpochMilli(), w);
        long last = Math.floorDiv(to.toEpochMilli() - 1, w);
        return last - first + 1;
    }

    private static Duration auto(Duration window) {
        for (Duration step : STEPS) {
            if (window.toMillis() / step.toMillis() <= AUTO_BUCKETS) {
                return step;
            }
        }
        return STEPS.get(STEPS.size() - 1);
    }

    private static Duration bucket(String value) {
        Matcher m = BUCKET.matcher(value);
        if (!m.matches()) {
            throw new BadQuery("bucket", "must be a number and a unit s, m, h or d, like 5m or 1h (got '" + value + "')");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** {@code 15m}, {@code 1h}, {@code 1d}: the form {@code bucket} takes. */
    static String describe(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
