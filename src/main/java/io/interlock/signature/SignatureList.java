package io.interlock.signature;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@code v1} MACs carried by a signature header ({@code v1,<base64>} entries separated by
 * spaces). Entries of other versions are counted but ignored, so a platform that adds a scheme
 * keeps working with us; an entry that is not {@code version,value} at all makes the whole
 * header malformed, because no platform sends one.
 */
record SignatureList(List<byte[]> v1Macs, int entries, Verification.Rejected problem) {

    private static final int MAC_LENGTH = 32;

    /** Callers have already capped the header length; this caps the entry count. */
    static SignatureList parse(String header, int maxEntries) {
        List<byte[]> macs = new ArrayList<>(2);
        int entries = 0;
        int start = 0;
        while (start < header.length()) {
            int end = header.indexOf(' ', start);
            if (end < 0) {
                end = header.length();
            }
            if (end > start) {
                if (++entries > maxEntries) {
                    return failed(RejectReason.TOO_MANY_SIGNATURES, "more than " + maxEntries + " signature entries");
                }
                if (!addEntry(header, start, end, macs)) {
                    return failed(RejectReason.MALFORMED_SIGNATURE, "entry " + entries + " is not <version>,<signature>");
                }
            }
            start = end + 1;
        }
        return new SignatureList(macs, entries, null);
    }

    /** Returns false only for a syntactically broken entry; an undecodable v1 value just can't match. */
    private static boolean addEntry(String header, int start, int end, List<byte[]> macs) {
        int comma = header.indexOf(',', start);
        if (comma <= start || comma >= end - 1) {
            return false;
        }
        if (comma - start == 2 && header.startsWith("v1", start)) {
            byte[] mac = decode(header.substring(comma + 1, end));
            if (mac != null) {
                macs.add(mac);
            }
        }
        return true;
    }

    /** A 32-byte MAC is 43 or 44 base64 characters; anything else is skipped without decoding. */
    private static byte[] decode(String base64) {
        if (base64.length() != 43 && base64.length() != 44) {
            return null;
        }
        try {
            byte[] mac = Base64.getDecoder().decode(base64);
            return mac.length == MAC_LENGTH ? mac : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SignatureList failed(RejectReason reason, String detail) {
        return new SignatureList(List.of(), 0, new Verification.Rejected(reason, detail));
    }
}
