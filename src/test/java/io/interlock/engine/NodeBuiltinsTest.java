package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Node built-ins Actions require, run in the sandbox: digests and HMAC against javax.crypto, then the rest by example. */
class NodeBuiltinsTest {

    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(20_000, 1024)));

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    /** Evaluates {@code expression} inside an Action and returns its JSON as the Action printed it. */
    static List<String> run(String... expressions) {
        StringBuilder body = new StringBuilder("const crypto = require('crypto'), qs = require('querystring'), util = require('util'), url = require('url');\n");
        for (String expression : expressions) {
            body.append("console.log(JSON.stringify(").append(expression).append("));\n");
        }
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP), List.of(new PolicySource("t.js",
                "exports.onExecutePreUserRegistration = async (event, api) => {\n" + body + "};")), null);
        assertTrue(result.failure().isEmpty(), () -> result.failure().get().located());
        return result.trace().get(0).console();
    }

    static final List<String> MESSAGES = List.of("", "abc", "a".repeat(55), "b".repeat(56), "c".repeat(64), "d".repeat(111),
            "e".repeat(112), "f".repeat(128), "g".repeat(1000), "héllo wörld ✓ 𝄞");
    static final List<String[]> ALGORITHMS = List.of(new String[] {"md5", "MD5", "HmacMD5"}, new String[] {"sha1", "SHA-1", "HmacSHA1"},
            new String[] {"sha224", "SHA-224", "HmacSHA224"}, new String[] {"sha256", "SHA-256", "HmacSHA256"},
            new String[] {"sha384", "SHA-384", "HmacSHA384"}, new String[] {"sha512", "SHA-512", "HmacSHA512"});

    static Stream<Arguments> algorithms() {
        return ALGORITHMS.stream().map(a -> Arguments.of((Object) a));
    }

    /** Padding edges (55, 56, 64, 111, 112, 128 bytes), multi-block, non-ASCII; keys shorter and longer than a block. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("algorithms")
    void digestsAndHmacsMatchJavaxCrypto(String[] algorithm) throws Exception {
        List<String> expressions = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        String longKey = "k".repeat(200);
        {
            for (String message : MESSAGES) {
                String js = jsString(message);
                expressions.add("crypto.createHash('" + algorithm[0] + "').update(" + js + ").digest('hex')");
                expected.add(quoted(HexFormat.of().formatHex(MessageDigest.getInstance(algorithm[1]).digest(utf8(message)))));
                for (String key : List.of("secret", longKey)) {
                    expressions.add("crypto.createHmac('" + algorithm[0] + "', '" + key + "').update(" + js + ").digest('base64')");
                    Mac mac = Mac.getInstance(algorithm[2]);
                    mac.init(new SecretKeySpec(utf8(key), algorithm[2]));
                    expected.add(quoted(java.util.Base64.getEncoder().encodeToString(mac.doFinal(utf8(message)))));
                }
            }
        }
        assertEquals(expected, run(expressions.toArray(String[]::new)));
    }

    /**
     * Issue 24 item 5: events, path, string_decoder, stream and the rest of util, required as
     * packages require them; the expected answers are what Node 20 printed for the same lines.
     */
    @Test
    void eventsPathStringDecoderAndUtilAnswerAsNodeDoes() {
        assertEquals(List.of(
                    "[[\"pre1\",\"on1\",\"once1\",\"pre2\",\"on2\"],2,[\"a\"],true,\"function\"]",
                    "\"boom\"",
                    "[\"/a/c/d.js\",\"/y\",\"../../d\",\"/a/b\",\"c\",\".gz\",\"a/c/\",true,{\"root\":\"/\",\"dir\":\"/home/u\",\"base\":\"f.txt\",\"ext\":\".txt\",\"name\":\"f\"},\"/x/y.z\",\"/\",true]",
                    "[\"h\",\"€\",\"llo\"]",
                    "[true,false,true,\"function\",\"symbol\",false]"), run(
                    "(() => { const E = require('events'); const e = new E(); const seen = []; e.on('a', (x) => seen.push('on' + x)); e.prependListener('a', (x) => seen.push('pre' + x)); e.once('a', (x) => seen.push('once' + x)); e.emit('a', 1); e.emit('a', 2); return [seen, e.listenerCount('a'), e.eventNames(), E.EventEmitter === E, typeof E.once]; })()",
                    "(() => { const E = require('events'); try { new E().emit('error', new Error('boom')); } catch (err) { return err.message; } })()",
                    "(() => { const p = require('path'); return [p.join('/a/b', '../c', './d.js'), p.resolve('x', '../y'), p.relative('/a/b/c', '/a/d'), p.dirname('/a/b/c.txt'), p.basename('/a/b/c.txt', '.txt'), p.extname('x.tar.gz'), p.normalize('a//b/../c/'), p.isAbsolute('/x'), p.parse('/home/u/f.txt'), p.format({dir: '/x', name: 'y', ext: '.z'}), p.sep, p.posix === p]; })()",
                    "(() => { const { StringDecoder } = require('string_decoder'); const d = new StringDecoder('utf8'); const b = Buffer.from('h€llo'); return [d.write(b.subarray(0, 2)), d.write(b.subarray(2, 4)), d.end(b.subarray(4))]; })()",
                    "(() => { const u = require('util'); return [u.isString('x'), u.isObject(null), u.types.isTypedArray(new Uint8Array(1)), typeof u.callbackify, typeof u.inspect.custom, u.debuglog('x').enabled]; })()"));
    }

    @Test
    void streamsPipeAndIterateAsInNode() {
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP), List.of(new PolicySource("t.js", """
                const { Readable, Transform, Writable, pipeline } = require('stream');
                exports.onExecutePreUserRegistration = async (event, api) => {
                  const out = [];
                  const upper = new Transform({ transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); } });
                  const sink = new Writable({ write(chunk, enc, cb) { out.push(chunk.toString()); cb(); } });
                  await new Promise((resolve, reject) => pipeline(Readable.from(['a', 'b', 'c']), upper, sink, (e) => (e ? reject(e) : resolve())));
                  const chunks = [];
                  for await (const c of Readable.from(['x', 'y'])) chunks.push(c);
                  api.access.deny(JSON.stringify([out.join(''), chunks]));
                };
                """)), null);
        assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"[\\\"ABC\\\",[\\\"x\\\",\\\"y\\\"]]\"}}",
                result.response().map(r -> r.toWire().toString()).orElseGet(() -> result.failure().get().located()));
    }

    static Stream<Arguments> keyPairs() {
        return Stream.of(Arguments.of("RSA", 2048, "RSA-SHA256", "SHA256withRSA", "{}"),
                Arguments.of("RSA", 2048, "sha384", "RSASSA-PSS", "{padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST}"),
                Arguments.of("EC", 256, "SHA256", "SHA256withECDSA", "{}"),
                Arguments.of("EC", 384, "sha384", "SHA384withECDSAinP1363Format", "{dsaEncoding: 'ieee-p1363'}"),
                Arguments.of("Ed25519", 0, "null", "Ed25519", "{}"));
    }

    /**
     * Issue 24 item 5: keys and signatures as jsonwebtoken and jws use them, checked against the
     * JDK both ways: what the sandbox signs the JDK verifies, and what the JDK signs the sandbox verifies.
     */
    @ParameterizedTest(name = "[{index}] {0} {2} {4}")
    @MethodSource("keyPairs")
    void signaturesMatchTheJdkBothWays(String algorithm, int size, String digest, String jdk, String options) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance(algorithm);
        if (size > 0) {
            generator.initialize(size);
        }
        java.security.KeyPair pair = generator.generateKeyPair();
        String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
        java.security.Signature theirs = jdkSignature(jdk);
        theirs.initSign(pair.getPrivate());
        theirs.update(utf8("signed by the JDK"));
        String jdkSignature = java.util.Base64.getEncoder().encodeToString(theirs.sign());
        String sign = "null".equals(digest)
                ? "crypto.sign(null, Buffer.from('signed in the sandbox'), " + js(privatePem) + ").toString('base64')"
                : "crypto.createSign(" + js(digest) + ").update('signed in the sandbox').sign(Object.assign({key: crypto.createPrivateKey("
                        + js(privatePem) + ")}, " + options + "), 'base64')";
        String verify = "null".equals(digest)
                ? "crypto.verify(null, Buffer.from('signed by the JDK'), " + js(publicPem) + ", Buffer.from(" + js(jdkSignature) + ", 'base64'))"
                : "crypto.createVerify(" + js(digest) + ").update('signed by the JDK').verify(Object.assign({key: " + js(publicPem)
                        + "}, " + options + "), " + js(jdkSignature) + ", 'base64')";
        // Only an RSA private key carries what its public key is made of; EC and Ed25519 ones are given their public key.
        List<String> printed = run(sign, verify, "crypto.createPublicKey(" + js(algorithm.equals("RSA") ? privatePem : publicPem) + ").type",
                "crypto.createPrivateKey(" + js(privatePem) + ").asymmetricKeyType");
        java.security.Signature check = jdkSignature(jdk);
        check.initVerify(pair.getPublic());
        check.update(utf8("signed in the sandbox"));
        assertTrue(check.verify(java.util.Base64.getDecoder().decode(printed.get(0).replace("\"", ""))), printed::toString);
        assertEquals(List.of("true", "\"public\"",
                "\"" + algorithm.toLowerCase(Locale.ROOT) + "\""), printed.subList(1, 4));
    }

    @Test
    void secretKeyObjectsServeHmacAsJwaUsesThem() {
        assertEquals(List.of("\"secret\"", "6", "true", "true"),
                run("crypto.createSecretKey(Buffer.from('secret')).type", "crypto.createSecretKey('secret', 'utf8').symmetricKeySize",
                        "crypto.createSecretKey('k') instanceof crypto.KeyObject",
                        "crypto.createHmac('sha256', crypto.createSecretKey('secret')).update('x').digest('hex') === crypto.createHmac('sha256', 'secret').update('x').digest('hex')"));
    }

    /** The JDK's side of a row: PSS with SHA-384 and a digest-long salt, as the row's options ask of Node. */
    private static java.security.Signature jdkSignature(String jdk) throws Exception {
        java.security.Signature signature = java.security.Signature.getInstance(jdk);
        if (jdk.equals("RSASSA-PSS")) {
            signature.setParameter(new java.security.spec.PSSParameterSpec("SHA-384", "MGF1",
                    java.security.spec.MGF1ParameterSpec.SHA384, 48, 1));
        }
        return signature;
    }

    /** A JavaScript string literal of any text (JSON's quoting is JavaScript's). */
    private static String js(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                // expression | its JSON
                Arguments.of("crypto.createHash('sha256').update('ab').update(Buffer.from('c')).digest('base64url')",
                        "\"ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0\""),
                Arguments.of("crypto.createHash('SHA256').update('616263', 'hex').digest().length", "32"),
                Arguments.of("crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abc'))", "true"),
                Arguments.of("crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abd'))", "false"),
                Arguments.of("/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID())", "true"),
                Arguments.of("[crypto.randomBytes(16).length, crypto.randomBytes(8).toString('hex') !== crypto.randomBytes(8).toString('hex')]", "[16,true]"),
                Arguments.of("(() => { const n = crypto.randomInt(3, 7); return n >= 3 && n < 7; })()", "true"),
                Arguments.of("(() => { try { crypto.createHash('whirlpool'); } catch (e) { return e.message; } })()",
                        "\"crypto.createHash(\\\"whirlpool\\\"): digest not available in Interlock's sandbox (available: md5, sha1, sha224, sha256, sha384, sha512)\""),
                Arguments.of("[Buffer.from('aGVsbG8=', 'base64').toString(), Buffer.from('hello').toString('base64'), Buffer.from('ff00', 'hex')[0],"
                        + " Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(), Buffer.isBuffer(Buffer.alloc(2)), Buffer.byteLength('é')]",
                        "[\"hello\",\"aGVsbG8=\",255,\"ab\",true,2]"),
                Arguments.of("[btoa('hi'), atob('aGk='), new TextDecoder().decode(new TextEncoder().encode('✓ 𝄞'))]", "[\"aGk=\",\"hi\",\"✓ 𝄞\"]"),
                Arguments.of("(() => { const u = new URL('HTTPS://User:pw@Example.COM:443/a/./b/../c?x=1&y=a+b#frag'); return [u.href, u.origin,"
                        + " u.host, u.pathname, u.searchParams.get('y'), u.hash, u.username]; })()",
                        "[\"https://User:pw@example.com/a/c?x=1&y=a+b#frag\",\"https://example.com\",\"example.com\",\"/a/c\",\"a b\",\"#frag\",\"User\"]"),
                Arguments.of("[new URL('../d?q', 'http://h.test/a/b/c').href, new URL('//other.test/x', 'https://h.test/').href,"
                        + " new URL('http://0x7f.1/').hostname, new URL('http://[::1]:8080/').host, URL.canParse('nope')]",
                        "[\"http://h.test/a/d?q\",\"https://other.test/x\",\"127.0.0.1\",\"[::1]:8080\",false]"),
                Arguments.of("(() => { const u = new URL('https://a.test/p'); u.searchParams.set('redirect', 'https://b.test/?x=1 2');"
                        + " u.searchParams.append('n', 'é'); return [u.search, u.href]; })()",
                        "[\"?redirect=https%3A%2F%2Fb.test%2F%3Fx%3D1+2&n=%C3%A9\",\"https://a.test/p?redirect=https%3A%2F%2Fb.test%2F%3Fx%3D1+2&n=%C3%A9\"]"),
                Arguments.of("(() => { try { new URL('not a url'); } catch (e) { return [e.name, e.code]; } })()", "[\"TypeError\",\"ERR_INVALID_URL\"]"),
                Arguments.of("[new URLSearchParams({a: '1', b: 'x y'}).toString(), [...new URLSearchParams('a=1&a=2&b')].length,"
                        + " new URLSearchParams('?a=1&a=2').getAll('a')]", "[\"a=1&b=x+y\",3,[\"1\",\"2\"]]"),
                Arguments.of("[url.parse('https://u@h.test:8443/p/q?x=1#h', true).query.x, url.parse('https://h.test/p?x=1').pathname,"
                        + " url.format({protocol: 'https', hostname: 'h.test', pathname: '/a', query: {b: 'c d'}})]",
                        "[\"1\",\"/p\",\"https://h.test/a?b=c%20d\"]"),
                Arguments.of("[qs.stringify({a: [1, 2], b: 'x y', c: true}), JSON.stringify(qs.parse('a=1&a=2&b=x+y&c'))]",
                        "[\"a=1&a=2&b=x%20y&c=true\",\"{\\\"a\\\":[\\\"1\\\",\\\"2\\\"],\\\"b\\\":\\\"x y\\\",\\\"c\\\":\\\"\\\"}\"]"),
                Arguments.of("[util.format('%s has %d items: %j', 'cart', 3, {a: 1}), util.format('a', 'b', 1), util.inspect({a: [1, 'x'], b: {c: {d: {e: 1}}}})]",
                        "[\"cart has 3 items: {\\\"a\\\":1}\",\"a b 1\",\"{ a: [ 1, 'x' ], b: { c: { d: [Object] } } }\"]"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("examples")
    void builtinsBehaveAsInNode(String expression, String expected) {
        assertEquals(List.of(expected), run(expression));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    private static String jsString(String s) {
        StringBuilder out = new StringBuilder("'");
        s.codePoints().forEach(c -> out.append(c < 128 ? Character.toString(c) : String.format(Locale.ROOT, "\\u{%x}", c)));
        return out.append("'").toString();
    }
}
