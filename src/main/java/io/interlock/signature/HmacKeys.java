package io.interlock.signature;

import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Mac;

/**
 * One initialised HMAC-SHA256 {@link Mac} per secret and per thread. {@code Mac.getInstance}
 * plus {@code init} costs far more than the MAC of a small body, and a {@code Mac} is not
 * thread-safe, so each thread clones the prototypes once and reuses them.
 */
final class HmacKeys {

    private static final byte DOT = '.';

    private final List<SigningSecret> secrets;
    private final Mac[] prototypes;
    private final ThreadLocal<Mac[]> perThread = ThreadLocal.withInitial(this::copies);

    HmacKeys(List<SigningSecret> secrets) {
        this.secrets = List.copyOf(secrets);
        this.prototypes = new Mac[this.secrets.size()];
        for (int i = 0; i < prototypes.length; i++) {
            prototypes[i] = newMac(this.secrets.get(i));
        }
    }

    int size() {
        return prototypes.length;
    }

    /** MAC of {@code id.timestamp.body} under secret {@code index}. */
    byte[] mac(int index, byte[] id, byte[] timestamp, byte[] body) {
        Mac mac = perThread.get()[index];
        mac.reset();
        mac.update(id);
        mac.update(DOT);
        mac.update(timestamp);
        mac.update(DOT);
        mac.update(body);
        return mac.doFinal();
    }

    private Mac[] copies() {
        Mac[] copies = new Mac[prototypes.length];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = copy(i);
        }
        return copies;
    }

    private Mac copy(int index) {
        try {
            return (Mac) prototypes[index].clone();
        } catch (CloneNotSupportedException e) {
            return newMac(secrets.get(index));
        }
    }

    private static Mac newMac(SigningSecret secret) {
        try {
            Mac mac = Mac.getInstance(SignatureVerifier.ALGORITHM);
            mac.init(secret.key());
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
