package io.interlock.signature;

import java.util.StringJoiner;

/**
 * The three signing headers of one family, stripped of surrounding whitespace, {@code null}
 * when absent.
 */
record SignatureHeaders(String family, String id, String timestamp, String signature) {

    private static final Names INTERCEPTOR = new Names("interceptor");
    private static final Names WEBHOOK = new Names("webhook");

    /**
     * Chooses one family for all three headers. If any {@code interceptor-*} header is present
     * (even empty) the {@code webhook-*} ones are ignored, so an id from one family can never be
     * paired with a signature from the other.
     */
    static SignatureHeaders read(HeaderLookup lookup) {
        SignatureHeaders interceptor = read(lookup, INTERCEPTOR);
        if (interceptor.id != null || interceptor.timestamp != null || interceptor.signature != null) {
            return interceptor;
        }
        return read(lookup, WEBHOOK);
    }

    private static SignatureHeaders read(HeaderLookup lookup, Names names) {
        return new SignatureHeaders(
                names.family,
                strip(lookup.get(names.id)),
                strip(lookup.get(names.timestamp)),
                strip(lookup.get(names.signature)));
    }

    /** Built once: this runs on every call. */
    private record Names(String family, String id, String timestamp, String signature) {
        Names(String family) {
            this(family, family + "-id", family + "-timestamp", family + "-signature");
        }

        String all() {
            return id + ", " + timestamp + ", " + signature;
        }
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    /**
     * Names of the headers that are absent or blank, or {@code null} when all three are there.
     * With no signing header at all, both families are named: the platform sends the
     * {@code interceptor-*} ones, and a log line naming only {@code webhook-*} sends the reader
     * looking for the wrong headers.
     */
    String missing() {
        if (id == null && timestamp == null && signature == null && family.equals(WEBHOOK.family)) {
            return INTERCEPTOR.all() + " (or " + WEBHOOK.all() + ")";
        }
        StringJoiner names = new StringJoiner(", ");
        addIfBlank(names, id, "-id");
        addIfBlank(names, timestamp, "-timestamp");
        addIfBlank(names, signature, "-signature");
        return names.length() == 0 ? null : names.toString();
    }

    private void addIfBlank(StringJoiner names, String value, String suffix) {
        if (value == null || value.isEmpty()) {
            names.add(family + suffix);
        }
    }
}
