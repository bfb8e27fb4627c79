package io.interlock.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.engine.PolicySource;
import io.interlock.policy.PolicyFile;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short names for what {@link StallGuard} quarantines: a chain version and an input.
 *
 * <p>The input's fingerprint covers the whole payload except the fields the platform sets anew
 * for every call ({@code interceptor_context.triggered_at}, {@code interceptor_context.auth_request
 * .state}): a hash of the body as received would differ on every retry of the same request, and
 * the quarantine would catch nothing. Object keys are read in sorted order, so key order does not
 * matter either. A caller who changes a field a policy reads makes a new input; the per-trigger
 * cap is there for that.
 *
 * <p>The hash is keyed with a random key made at start: a fingerprint names an input in this
 * process's log and answers only, and nobody can test a guessed payload (an email address)
 * against a logged one. 12 hex digits (48 bits): a collision among the few inputs quarantined at
 * once is out of reach, and would cost an innocent input one cool-down.
 */
public final class InputFingerprint {

    /** Per-call fields, as paths of object keys. */
    static final List<List<String>> PER_CALL = List.of(
            List.of("interceptor_context", "triggered_at"),
            List.of("interceptor_context", "auth_request", "state"));

    private static final byte[] KEY = randomKey();
    private static final int HEX_DIGITS = 12;

    private InputFingerprint() {}

    /** The input's fingerprint: the payload without its per-call fields. */
    public static String of(JsonNode payload) {
        Mac mac = mac();
        write(mac, payload, List.of());
        return hex(mac.doFinal());
    }

    /** The version of a loaded chain: its files (name and content hash) in order. */
    public static String chain(List<PolicyFile> files, String dataHash) {
        Mac mac = mac();
        for (PolicyFile file : files) {
            text(mac, file.name());
            text(mac, file.hash());
        }
        text(mac, String.valueOf(dataHash));
        return hex(mac.doFinal());
    }

    /** The version of a draft chain run by a dry run: its sources. */
    public static String draft(List<PolicySource> sources) {
        Mac mac = mac();
        for (PolicySource source : sources) {
            text(mac, source.name());
            text(mac, source.source());
        }
        return hex(mac.doFinal());
    }

    /** Type, then content; object keys sorted, per-call fields left out. Lengths keep values apart. */
    private static void write(Mac mac, JsonNode node, List<String> path) {
        if (node.isObject()) {
            mac.update((byte) '{');
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            for (String key : keys) {
                List<String> child = append(path, key);
                if (PER_CALL.contains(child)) {
                    continue;
                }
                text(mac, key);
                write(mac, node.get(key), child);
            }
            mac.update((byte) '}');
        } else if (node.isArray()) {
            mac.update((byte) '[');
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                write(mac, it.next(), NO_PATH);
            }
            mac.update((byte) ']');
        } else {
            mac.update((byte) node.getNodeType().ordinal());
            text(mac, node.asText());
        }
    }

    /** Per-call fields are at fixed depths from the root; below an array nothing is per call. */
    private static final List<String> NO_PATH = List.of("[]");

    private static List<String> append(List<String> path, String key) {
        if (path == NO_PATH || path.size() >= DEPTH) {
            return NO_PATH;
        }
        List<String> child = new ArrayList<>(path);
        child.add(key);
        return child;
    }

    private static final int DEPTH = PER_CALL.stream().mapToInt(List::size).max().orElse(0);

    private static void text(Mac mac, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        mac.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) ':');
        mac.update(bytes);
    }

    private static Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String hex(byte[] digest) {
        StringBuilder s = new StringBuilder(HEX_DIGITS);
        for (int i = 0; s.length() < HEX_DIGITS; i++) {
            s.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
        }
        return s.toString();
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
