package io.interlock.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks INTERLOCK_DECISION_DB before anything connects, and keeps passwords out of messages. */
public final class DatabaseUrls {
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private DatabaseUrls() {}

    /** What is wrong with the URL, phrased to follow the setting's name; null when it is usable. */
    static String problem(String url) {
        if (url.startsWith(Store.Kind.POSTGRESQL.prefix)) {
            return url.startsWith(Store.Kind.POSTGRESQL.prefix + "//") ? null
                    : "must name the server: jdbc:postgresql://host:5432/database";
        }
        if (!url.startsWith(Store.Kind.SQLITE.prefix)) {
            return "must be a jdbc:sqlite: or jdbc:postgresql:// URL, or none for memory only";
        }
        String file = url.substring(Store.Kind.SQLITE.prefix.length());
        int query = file.indexOf('?');
        String path = query < 0 ? file : file.substring(0, query);
        String lower = file.toLowerCase(Locale.ROOT);
        if (path.isBlank() || path.equals(":memory:") || lower.contains("mode=memory")) {
            return "must name a file (jdbc:sqlite:/var/lib/interlock/decisions.db); for memory only use none";
        }
        return null;
    }

    /** The URL with any {@code password=} parameter replaced, for messages and logs. */
    public static String redacted(String url) {
        return PASSWORD.matcher(url).replaceAll("$1***");
    }
}
