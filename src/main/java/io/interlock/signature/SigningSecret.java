package io.interlock.signature;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC key, written {@code <prefix>_<base64>} ({@code whsec_…} or {@code insec_…}); the key
 * is the base64-decoded text after the first {@code _}.
 *
 * <p>Error messages and {@link #toString()} never contain any part of the secret text, not even
 * the part before {@code _}: a mistyped secret may have its {@code _} anywhere.
 */
public final class SigningSecret {

    private static final List<String> PREFIXES = List.of("whsec", "insec");
    private static final String EXPECTED = "expected whsec_<base64> or insec_<base64>";

    private final String prefix;
    private final SecretKeySpec key;

    private SigningSecret(String prefix, byte[] key) {
        this.prefix = prefix;
        this.key = new SecretKeySpec(key, SignatureVerifier.ALGORITHM);
    }

    /** Parses one secret; surrounding whitespace is ignored. */
    public static SigningSecret parse(String text) {
        return parse(text, "signing secret");
    }

    /**
     * Parses a comma-separated list, as in {@code INTERLOCK_SIGNING_SECRETS}. Blank items are
     * skipped (a trailing comma is harmless); {@code null} or blank input gives an empty list,
     * which the verifier answers with {@link RejectReason#NO_SECRET_CONFIGURED}. The first
     * malformed item fails the whole list with a message naming its 1-based position.
     */
    public static List<SigningSecret> parseList(String commaSeparated) {
        List<SigningSecret> secrets = new ArrayList<>();
        if (commaSeparated == null) {
            return List.of();
        }
        String[] items = commaSeparated.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            if (!items[i].isBlank()) {
                secrets.add(parse(items[i], "signing secret #" + (i + 1)));
            }
        }
        return List.copyOf(secrets);
    }

    private static SigningSecret parse(String text, String where) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw invalid(where, "is empty");
        }
        int underscore = trimmed.indexOf('_');
        if (underscore < 0) {
            throw invalid(where, "has no prefix");
        }
        String prefix = trimmed.substring(0, underscore);
        if (!PREFIXES.contains(prefix)) {
            throw invalid(where, "has an unknown prefix");
        }
        return new SigningSecret(prefix, decodeKey(trimmed.substring(underscore + 1), where));
    }

    private static byte[] decodeKey(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid(where, "is not valid base64 after the prefix");
        }
        if (key.length == 0) {
            throw invalid(where, "has no key after the prefix");
        }
        return key;
    }

    private static IllegalArgumentException invalid(String where, String problem) {
        return new IllegalArgumentException(where + " " + problem + " (" + EXPECTED + ")");
    }

    /** {@code whsec} or {@code insec}. */
    public String prefix() {
        return prefix;
    }

    /** Decoded key length in bytes; useful for a start-up log line without revealing the key. */
    public int keyLength() {
        return key.getEncoded().length;
    }

    SecretKeySpec key() {
        return key;
    }

    @Override
    public String toString() {
        return "SigningSecret[" + prefix + "_***, " + keyLength() + "-byte key]";
    }
}
