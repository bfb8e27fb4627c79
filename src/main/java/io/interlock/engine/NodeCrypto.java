package io.interlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.json.StrictJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The asymmetric part of Node's crypto for the sandbox (node/crypto.js): keys read from PEM, DER or
 * JWK, and signatures made and checked with the JDK's own providers (RSA PKCS#1 v1.5 and PSS,
 * ECDSA in DER or IEEE P1363 form, Ed25519), which jsonwebtoken, jws and the like use. The guest
 * passes JSON in and gets JSON back, an error being a value ({@code {"error": "…"}}), never an
 * exception. Each call is bounded by what it is given: a key of at most {@value #MAX_KEY_CHARS}
 * characters, data of at most {@value #MAX_DATA_BYTES} bytes, an RSA modulus of at most 16384 bits,
 * so no call holds its thread for long.
 */
final class NodeCrypto {

    static final int MAX_KEY_CHARS = 64 * 1024;
    static final int MAX_DATA_BYTES = 4 * 1024 * 1024;
    private static final int MAX_RSA_BITS = 16_384;
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "RSASSA-PSS");
    private static final Map<String, String> CURVES = Map.of("secp256r1", "prime256v1", "secp384r1", "secp384r1",
            "secp521r1", "secp521r1", "secp256k1", "secp256k1");
    private static final Map<String, String> JWK_CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1",
            "P-521", "secp521r1", "secp256k1", "secp256k1");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private NodeCrypto() {}

    /**
     * A key as the guest's KeyObject needs it: {@code {"type": "public"|"private", "asymmetricKeyType",
     * "der" (SPKI or PKCS#8, base64), "details": {…}, "jwk": {…} (public parts)}}. The request:
     * {@code {"want": "public"|"private", "pem": "…"} or {"want", "der": base64, "type": "spki"|"pkcs8"|"pkcs1"}
     * or {"want", "jwk": {…}}}; a private key asked for as public gives its public key where the JDK can.
     */
    static String key(String requestJson) {
        try {
            JsonNode request = request(requestJson);
            boolean wantPrivate = "private".equals(request.path("want").asText());
            Key key = read(request, wantPrivate);
            return describe(key).toString();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return error(e.getMessage() == null ? "the key could not be read" : e.getMessage());
        }
    }

    /**
     * {@code {"digest": "sha256"|null, "key": {"type", "der"}, "data": base64, "padding": 1|6, "saltLength": n,
     * "dsaEncoding": "der"|"ieee-p1363"}} → {@code {"signature": base64}}.
     */
    static String sign(String requestJson) {
        return signing(requestJson, true);
    }

    /** As {@link #sign} with a public key and {@code "signature": base64} → {@code {"valid": true|false}}. */
    static String verify(String requestJson) {
        return signing(requestJson, false);
    }

    private static String signing(String requestJson, boolean making) {
        try {
            JsonNode request = request(requestJson);
            Key key = fromDer(request.path("key"), making);
            Signature signature = signature(request, key);
            if (making) {
                signature.initSign((PrivateKey) key);
            } else {
                signature.initVerify((PublicKey) key);
            }
            signature.update(data(request.path("data").asText()));
            if (making) {
                return JSON.objectNode().put("signature", Base64.getEncoder().encodeToString(signature.sign())).toString();
            }
            boolean valid;
            try {
                valid = signature.verify(Base64.getDecoder().decode(request.path("signature").asText()));
            } catch (java.security.SignatureException malformed) {
                valid = false; // Node answers false for a signature that does not even parse
            }
            return JSON.objectNode().put("valid", valid).toString();
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            return error((making ? "sign" : "verify") + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static JsonNode request(String json) {
        if (json == null || json.length() > MAX_KEY_CHARS + 2 * MAX_DATA_BYTES) {
            throw new IllegalArgumentException("the input is too large");
        }
        return StrictJson.parse(json).node().filter(JsonNode::isObject)
                .orElseThrow(() -> new IllegalArgumentException("the input could not be read"));
    }

    private static byte[] data(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("more than " + MAX_DATA_BYTES + " bytes to sign or verify");
        }
        return bytes;
    }

    private static Signature signature(JsonNode request, Key key) throws GeneralSecurityException {
        String digest = request.path("digest").isTextual() ? digestName(request.path("digest").asText()) : null;
        String algorithm = key.getAlgorithm();
        if (algorithm.equals("Ed25519") || algorithm.equals("EdDSA")) {
            return Signature.getInstance("Ed25519");
        }
        if (digest == null) {
            throw new IllegalArgumentException("a digest is needed for a " + algorithm + " key");
        }
        if (algorithm.equals("EC")) {
            boolean p1363 = "ieee-p1363".equals(request.path("dsaEncoding").asText());
            return Signature.getInstance(digest + "withECDSA" + (p1363 ? "inP1363Format" : ""));
        }
        if (algorithm.equals("RSASSA-PSS") || request.path("padding").asInt(1) == 6) {
            Signature pss = Signature.getInstance("RSASSA-PSS");
            int hashBytes = Integer.parseInt(digest.substring(3)) / 8;
            int saltLength = request.path("saltLength").asInt(-2);
            if (saltLength == -1) {
                saltLength = hashBytes;
            } else if (saltLength < 0) {
                saltLength = ((RSAKey) key).getModulus().bitLength() / 8 - hashBytes - 2; // Node's default: the maximum
            }
            String hash = "SHA-" + digest.substring(3);
            pss.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLength, 1));
            return pss;
        }
        return Signature.getInstance(digest + "withRSA");
    }

    /** Node's names (sha256, RSA-SHA256, SHA-256) → the JDK's prefix (SHA256). */
    private static String digestName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("rsa-", "").replace("-", "");
        return switch (n) {
            case "sha1", "sha224", "sha256", "sha384", "sha512" -> n.toUpperCase(Locale.ROOT);
            default -> throw new IllegalArgumentException("digest " + name + " is not available (sha1, sha224, sha256, sha384, sha512)");
        };
    }

    private static Key read(JsonNode request, boolean wantPrivate) throws GeneralSecurityException {
        if (request.has("jwk")) {
            return jwk(request.get("jwk"), wantPrivate);
        }
        if (request.has("pem")) {
            String text = request.path("pem").asText();
            if (text.length() > MAX_KEY_CHARS) {
                throw new IllegalArgumentException("the key is longer than " + MAX_KEY_CHARS + " characters");
            }
            Matcher m = PEM.matcher(text);
            if (!m.find()) {
                throw new IllegalArgumentException("the key is not PEM (-----BEGIN … KEY-----) nor DER");
            }
            String label = m.group(1);
            if (text.contains("Proc-Type: 4,ENCRYPTED") || label.startsWith("ENCRYPTED")) {
                throw new IllegalArgumentException("an encrypted private key (passphrase) is not supported; decrypt it first");
            }
            return parsed(label, Base64.getMimeDecoder().decode(m.group(2)), wantPrivate);
        }
        byte[] der = Base64.getDecoder().decode(request.path("der").asText());
        String type = request.path("type").asText(wantPrivate ? "pkcs8" : "spki");
        return parsed(switch (type) {
            case "pkcs8" -> "PRIVATE KEY";
            case "pkcs1" -> wantPrivate ? "RSA PRIVATE KEY" : "RSA PUBLIC KEY";
            case "sec1" -> "EC PRIVATE KEY";
            default -> "PUBLIC KEY";
        }, der, wantPrivate);
    }

    private static Key parsed(String label, byte[] der, boolean wantPrivate) throws GeneralSecurityException {
        Key key = switch (label) {
            case "PUBLIC KEY" -> decode(new X509EncodedKeySpec(der), false);
            case "RSA PUBLIC KEY" -> decode(new X509EncodedKeySpec(Der.rsaSpki(der)), false);
            case "PRIVATE KEY" -> decode(new PKCS8EncodedKeySpec(der), true);
            case "RSA PRIVATE KEY" -> decode(new PKCS8EncodedKeySpec(Der.rsaPkcs8(der)), true);
            case "EC PRIVATE KEY" -> decode(new PKCS8EncodedKeySpec(Der.ecPkcs8(der)), true);
            case "CERTIFICATE" -> CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
            default -> throw new IllegalArgumentException("a PEM " + label + " is not a key Interlock reads");
        };
        if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() > MAX_RSA_BITS) {
            throw new IllegalArgumentException("an RSA key longer than " + MAX_RSA_BITS + " bits");
        }
        if (wantPrivate && !(key instanceof PrivateKey)) {
            throw new IllegalArgumentException("a public key where a private key is needed");
        }
        if (!wantPrivate && key instanceof PrivateKey priv) {
            return publicOf(priv);
        }
        return key;
    }

    private static Key decode(java.security.spec.KeySpec spec, boolean isPrivate) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : ALGORITHMS) {
            try {
                KeyFactory factory = KeyFactory.getInstance(algorithm);
                return isPrivate ? factory.generatePrivate(spec) : factory.generatePublic(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IllegalArgumentException("the key is not an RSA, EC or Ed25519 key the JDK reads"
                + (last == null || last.getMessage() == null ? "" : " (" + last.getMessage() + ")"));
    }

    private static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
        if (key instanceof RSAPrivateCrtKey rsa) {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        }
        throw new IllegalArgumentException("the public key of a " + key.getAlgorithm() + " private key cannot be derived here; give the public key");
    }

    private static Key jwk(JsonNode jwk, boolean wantPrivate) throws GeneralSecurityException {
        if (wantPrivate || jwk.has("d")) {
            throw new IllegalArgumentException("a private key as JWK is not supported; give it as PEM");
        }
        Base64.Decoder b64 = Base64.getUrlDecoder();
        switch (jwk.path("kty").asText()) {
            case "RSA" -> {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, b64.decode(jwk.path("n").asText())), new BigInteger(1, b64.decode(jwk.path("e").asText()))));
            }
            case "EC" -> {
                String curve = JWK_CURVES.get(jwk.path("crv").asText());
                if (curve == null) {
                    throw new IllegalArgumentException("the JWK curve " + jwk.path("crv").asText() + " is not supported");
                }
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(curve));
                ECPoint point = new ECPoint(new BigInteger(1, b64.decode(jwk.path("x").asText())),
                        new BigInteger(1, b64.decode(jwk.path("y").asText())));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point,
                        parameters.getParameterSpec(ECParameterSpec.class)));
            }
            default -> throw new IllegalArgumentException("a JWK of kty " + jwk.path("kty").asText() + " is not supported (RSA, EC)");
        }
    }

    private static Key fromDer(JsonNode key, boolean isPrivate) throws GeneralSecurityException {
        byte[] der = Base64.getDecoder().decode(key.path("der").asText());
        return isPrivate ? decode(new PKCS8EncodedKeySpec(der), true) : decode(new X509EncodedKeySpec(der), false);
    }

    private static ObjectNode describe(Key key) {
        ObjectNode out = JSON.objectNode();
        out.put("type", key instanceof PrivateKey ? "private" : "public");
        out.put("der", Base64.getEncoder().encodeToString(key.getEncoded()));
        ObjectNode details = out.putObject("details");
        ObjectNode jwk = out.putObject("jwk");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        if (key instanceof RSAKey rsa) {
            out.put("asymmetricKeyType", key.getAlgorithm().equals("RSASSA-PSS") ? "rsa-pss" : "rsa");
            details.put("modulusLength", rsa.getModulus().bitLength());
            BigInteger exponent = key instanceof RSAPublicKey pub ? pub.getPublicExponent()
                    : key instanceof RSAPrivateCrtKey crt ? crt.getPublicExponent() : BigInteger.valueOf(65537);
            details.put("publicExponent", exponent.toString());
            if (key instanceof RSAPublicKey pub) {
                jwk.put("kty", "RSA").put("n", b64.encodeToString(unsigned(pub.getModulus()))).put("e", b64.encodeToString(unsigned(exponent)));
            }
        } else if (key instanceof ECKey ec) {
            out.put("asymmetricKeyType", "ec");
            String curve = curveName(ec.getParams());
            details.put("namedCurve", CURVES.getOrDefault(curve, curve));
            if (key instanceof ECPublicKey pub) {
                int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
                String crv = JWK_CURVES.entrySet().stream().filter(e -> e.getValue().equals(curve)).map(Map.Entry::getKey)
                        .findFirst().orElse(curve);
                jwk.put("kty", "EC").put("crv", crv).put("x", b64.encodeToString(fixed(pub.getW().getAffineX(), size)))
                        .put("y", b64.encodeToString(fixed(pub.getW().getAffineY(), size)));
            }
        } else {
            out.put("asymmetricKeyType", "ed25519");
        }
        return out;
    }

    private static String curveName(ECParameterSpec params) {
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(curve));
                if (parameters.getParameterSpec(ECParameterSpec.class).getCurve().equals(params.getCurve())) {
                    return curve;
                }
            } catch (GeneralSecurityException e) {
                // not known to this JDK
            }
        }
        return "unknown";
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[size];
        System.arraycopy(bytes, 0, out, size - bytes.length, bytes.length);
        return out;
    }

    private static String error(String message) {
        return JSON.objectNode().put("error", message).toString();
    }

    /** The few DER structures needed to hand PKCS#1 and SEC1 keys to the JDK as PKCS#8 and SPKI. */
    static final class Der {
        private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
            0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

        private Der() {}

        static byte[] rsaPkcs8(byte[] pkcs1) {
            return sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, pkcs1)));
        }

        static byte[] rsaSpki(byte[] pkcs1) {
            return sequence(concat(RSA_ALGORITHM, tlv(0x03, concat(new byte[] {0}, pkcs1))));
        }

        /** SEC1's ECPrivateKey names its curve in [0]; PKCS#8 wants it in the algorithm identifier. */
        static byte[] ecPkcs8(byte[] sec1) {
            byte[] curve = null;
            int[] at = {0};
            byte[] body = read(sec1, at, 0x30);
            int[] inner = {0};
            while (inner[0] < body.length) {
                int tag = body[inner[0]] & 0xff;
                byte[] value = read(body, inner, tag);
                if (tag == 0xa0) {
                    curve = value;
                }
            }
            if (curve == null) {
                throw new IllegalArgumentException("the EC private key does not name its curve");
            }
            return sequence(concat(new byte[] {0x02, 0x01, 0x00}, sequence(concat(EC_OID, curve)), tlv(0x04, sec1)));
        }

        private static byte[] read(byte[] der, int[] at, int expectedTag) {
            int tag = der[at[0]++] & 0xff;
            if (tag != expectedTag) {
                throw new IllegalArgumentException("malformed DER");
            }
            int length = der[at[0]++] & 0xff;
            if (length > 0x80) {
                int n = length - 0x80;
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = (length << 8) | (der[at[0]++] & 0xff);
                }
            }
            if (length < 0 || at[0] + length > der.length) {
                throw new IllegalArgumentException("malformed DER");
            }
            byte[] value = java.util.Arrays.copyOfRange(der, at[0], at[0] + length);
            at[0] += length;
            return value;
        }

        private static byte[] sequence(byte[] content) {
            return tlv(0x30, content);
        }

        private static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else if (n < 0x100) {
                out.write(0x81);
                out.write(n);
            } else if (n < 0x10000) {
                out.write(0x82);
                out.write(n >> 8);
                out.write(n & 0xff);
            } else {
                out.write(0x83);
                out.write(n >> 16);
                out.write((n >> 8) & 0xff);
                out.write(n & 0xff);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        private static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] part : parts) {
                out.writeBytes(part);
            }
            return out.toByteArray();
        }
    }
}
