package io.interlock.signature;

import io.interlock.signature.Verification.Rejected;
import io.interlock.signature.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Checks the Standard Webhooks signature of one call: HMAC-SHA256 over
 * {@code id + "." + timestamp + "." + rawBody} with any configured secret (rotation), matching
 * any {@code v1} entry of the signature header, within a timestamp tolerance. Thread-safe.
 */
public final class SignatureVerifier {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    public static final int MAX_ID_LENGTH = 256;
    /** Unix seconds have 10 digits until the year 2286; 12 leaves room and cannot overflow. */
    public static final int MAX_TIMESTAMP_DIGITS = 12;
    /** Ten entries of 47 characters fit with a wide margin. */
    public static final int MAX_SIGNATURE_HEADER_LENGTH = 2048;
    public static final int MAX_SIGNATURE_ENTRIES = 10;

    static final String ALGORITHM = "HmacSHA256";

    private final HmacKeys keys;
    private final long toleranceSeconds;
    private final Clock clock;

    public SignatureVerifier(List<SigningSecret> secrets, Duration tolerance, Clock clock) {
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("tolerance must be positive");
        }
        this.keys = new HmacKeys(secrets);
        this.toleranceSeconds = tolerance.toSeconds();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Default tolerance (300 s) and the system clock. */
    public SignatureVerifier(List<SigningSecret> secrets) {
        this(secrets, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /** Verifies one call. {@code rawBody} is the body exactly as received. */
    public Verification verify(HeaderLookup headers, byte[] rawBody) {
        Objects.requireNonNull(rawBody, "rawBody");
        if (keys.size() == 0) {
            return new Rejected(RejectReason.NO_SECRET_CONFIGURED,
                    "no signing secret configured: set INTERLOCK_SIGNING_SECRETS to the secret shown by the platform"
                            + " (or INTERLOCK_ALLOW_UNSIGNED=true for local development only)");
        }
        SignatureHeaders received = SignatureHeaders.read(headers);
        Rejected problem = checkShape(received);
        if (problem != null) {
            return problem;
        }
        long timestamp = parseTimestamp(received.timestamp());
        problem = checkTimestamp(received.family(), timestamp);
        if (problem != null) {
            return problem;
        }
        SignatureList signatures = SignatureList.parse(received.signature(), MAX_SIGNATURE_ENTRIES);
        if (signatures.problem() != null) {
            return signatures.problem();
        }
        if (!matches(received, signatures, rawBody)) {
            return noMatch(received.family(), signatures);
        }
        return new Verified(received.id(), timestamp);
    }

    /**
     * The header value ({@code v1,<base64>}) for the first secret, as the platform would send
     * it. For tests, tools and the bench.
     */
    public String sign(String id, long timestamp, byte[] body) {
        if (keys.size() == 0) {
            throw new IllegalStateException("no signing secret configured");
        }
        Objects.requireNonNull(body, "body");
        byte[] mac = keys.mac(0, utf8(id), utf8(Long.toString(timestamp)), body);
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }

    /** Presence, sizes and id characters: checked before anything is parsed. */
    private static Rejected checkShape(SignatureHeaders h) {
        String missing = h.missing();
        if (missing != null) {
            return new Rejected(RejectReason.MISSING_HEADERS, "missing " + missing);
        }
        if (h.id().length() > MAX_ID_LENGTH) {
            return tooLarge(h.family() + "-id", h.id().length(), MAX_ID_LENGTH);
        }
        if (h.signature().length() > MAX_SIGNATURE_HEADER_LENGTH) {
            return tooLarge(h.family() + "-signature", h.signature().length(), MAX_SIGNATURE_HEADER_LENGTH);
        }
        if (!isVisibleAscii(h.id())) {
            // The id becomes a cache key and a log field; odd characters there only cause trouble.
            return new Rejected(RejectReason.MALFORMED_ID, h.family() + "-id is not visible ASCII");
        }
        return null;
    }

    private Rejected checkTimestamp(String family, long timestamp) {
        if (timestamp < 0) {
            return new Rejected(RejectReason.MALFORMED_TIMESTAMP,
                    family + "-timestamp is not 1-" + MAX_TIMESTAMP_DIGITS + " digits of Unix seconds");
        }
        long now = Math.floorDiv(clock.millis(), 1000L);
        if (now - timestamp > toleranceSeconds) {
            return new Rejected(RejectReason.TIMESTAMP_TOO_OLD, family + "-timestamp " + timestamp
                    + " is " + (now - timestamp) + " s old (tolerance " + toleranceSeconds + " s)");
        }
        if (timestamp - now > toleranceSeconds) {
            return new Rejected(RejectReason.TIMESTAMP_IN_FUTURE, family + "-timestamp " + timestamp
                    + " is " + (timestamp - now) + " s ahead (tolerance " + toleranceSeconds + " s)");
        }
        return null;
    }

    /** One MAC per secret, compared in constant time with every v1 entry. */
    private boolean matches(SignatureHeaders h, SignatureList signatures, byte[] body) {
        if (signatures.v1Macs().isEmpty()) {
            return false;
        }
        byte[] id = utf8(h.id());
        byte[] timestamp = utf8(h.timestamp());
        for (int k = 0; k < keys.size(); k++) {
            byte[] expected = keys.mac(k, id, timestamp, body);
            for (byte[] candidate : signatures.v1Macs()) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Rejected noMatch(String family, SignatureList signatures) {
        return new Rejected(RejectReason.NO_MATCHING_SIGNATURE, "no " + family + "-signature entry matched ("
                + signatures.entries() + " entries, " + signatures.v1Macs().size() + " well-formed v1, "
                + keys.size() + " secrets)");
    }

    /** Digits only, bounded length; -1 when malformed. No regex: this runs on every call. */
    static long parseTimestamp(String text) {
        if (text.isEmpty() || text.length() > MAX_TIMESTAMP_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isVisibleAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static Rejected tooLarge(String header, int length, int max) {
        return new Rejected(RejectReason.HEADER_TOO_LARGE, header + " has " + length + " characters (max " + max + ")");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
