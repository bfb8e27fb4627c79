package io.interlock.http;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Decision ids: time-ordered (so log readers sort them naturally) and unguessable. */
final class DecisionIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DecisionIds() {}

    static String next() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return "dec_" + Long.toString(System.currentTimeMillis(), 36) + HexFormat.of().formatHex(random);
    }
}
