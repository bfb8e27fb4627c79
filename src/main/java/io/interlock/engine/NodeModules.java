package io.interlock.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;

/**
 * The modules an Auth0 Action may {@code require()}, handed to the Auth0 adapter as a host object:
 * Interlock's Node built-ins (the safe subset, in JavaScript) and the npm package files read
 * beside the policies. The guest reaches only the four exported methods; it never gets a file
 * handle, only text and functions compiled from what was read when the policies were loaded.
 *
 * <p>Immutable apart from caches of answers that never change (resolutions, compiled sources),
 * so one instance serves every evaluation of a chain. The guest chooses the names it requires, so
 * what they leave behind is bounded: resolutions by weight, sources by the files read. The
 * per-evaluation module registry is the adapter's: every evaluation instantiates the modules it
 * requires afresh.
 */
public final class NodeModules {

    /** Largest {@code randomBytes} request served in one call. */
    static final int MAX_RANDOM_BYTES = 65_536;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String WEBJARS = "/META-INF/resources/webjars/";
    /** Built-in module → its JavaScript resource: Interlock's own, or a WebJar's for Buffer. */
    private static final Map<String, String> RESOURCES = Map.ofEntries(
            Map.entry("crypto", "node/crypto.js"),
            Map.entry("url", "node/url.js"),
            Map.entry("querystring", "node/querystring.js"),
            Map.entry("util", "node/util.js"),
            Map.entry("events", "node/events.js"),
            Map.entry("path", "node/path.js"),
            Map.entry("stream", "node/stream.js"),
            Map.entry("string_decoder", "node/string_decoder.js"),
            Map.entry("buffer", WEBJARS + "buffer/6.0.3/index.js"),
            Map.entry("base64-js", WEBJARS + "base64-js/1.5.1/index.js"),
            Map.entry("ieee754", WEBJARS + "ieee754/1.2.1/index.js"));
    private static final Map<String, Source> BUILTIN_SOURCES = new ConcurrentHashMap<>();
    private static final NodeModules NONE = new NodeModules(PackageFiles.none());

    /**
     * What the resolution cache may hold, in characters of names and answers. The names come from
     * the guest, so a count alone would not bound it; this is thousands of real resolutions.
     */
    static final int MAX_CACHED_CHARS = 1 << 20;

    private final PackageFiles packages;
    private final NodeResolver resolver;
    /** Answers, misses included (an Action may probe optional packages on every call), bounded by weight. */
    private final Cache<Resolution, String> resolved = Caffeine.newBuilder()
            .maximumWeight(MAX_CACHED_CHARS)
            .weigher((Resolution key, String answer) -> key.fromDir().length() + key.specifier().length() + answer.length())
            .executor(Runnable::run)
            .build();
    /** Keyed by files of the folder only, so as bounded as the folder. */
    private final Map<String, Object> sources = new ConcurrentHashMap<>();
    private final Map<String, Boolean> checked = new ConcurrentHashMap<>();

    private record Resolution(String fromDir, String specifier) {}

    public NodeModules(PackageFiles packages) {
        this.packages = packages;
        this.resolver = new NodeResolver(packages.view());
    }

    public static NodeModules builtinsOnly() {
        return NONE;
    }

    public PackageFiles packages() {
        return packages;
    }

    /** {@code builtin:NAME}, {@code file:PATH}, {@code json:PATH} or {@code error:MESSAGE}. */
    @HostAccess.Export
    public String resolve(String fromDir, String specifier) {
        if (specifier.length() > NodeResolver.MAX_SPECIFIER) {
            return resolver.resolve(fromDir, specifier); // refused at once, and never kept
        }
        return resolved.get(new Resolution(fromDir, specifier), key -> resolver.resolve(fromDir, specifier));
    }

    /** Characters the resolution cache holds now, after any eviction due. */
    long cachedChars() {
        resolved.cleanUp();
        return resolved.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    /**
     * The wrapper function of a resolved JavaScript module, compiled in the calling context; or a
     * message when the file is not a CommonJS module body (its text would close the wrapper).
     */
    @HostAccess.Export
    public Object compile(String id) {
        Object source = id.startsWith("builtin:") ? builtin(id.substring(8)) : packageSource(id);
        if (source instanceof String problem) {
            return problem;
        }
        Context context = Context.getCurrent();
        if (!id.startsWith("builtin:") && !isFunctionBody(context, id)) {
            return id.substring(5) + " is not a CommonJS module body (its text closes the module wrapper)";
        }
        return context.eval((Source) source);
    }

    /** The text of a resolved {@code .json} module; the guest parses it afresh for each evaluation. */
    @HostAccess.Export
    public String json(String path) {
        String text = packages.files().get(path);
        return text == null ? "null" : text;
    }

    /** A key for the guest's crypto KeyObject, read by the JDK (see {@link NodeCrypto#key}). */
    @HostAccess.Export
    public String cryptoKey(String requestJson) {
        return NodeCrypto.key(requestJson);
    }

    /** A signature made with the JDK's providers (see {@link NodeCrypto#sign}). */
    @HostAccess.Export
    public String cryptoSign(String requestJson) {
        return NodeCrypto.sign(requestJson);
    }

    /** A signature checked with the JDK's providers (see {@link NodeCrypto#verify}). */
    @HostAccess.Export
    public String cryptoVerify(String requestJson) {
        return NodeCrypto.verify(requestJson);
    }

    /** {@code bytes} bytes from the JVM's SecureRandom, as hex. */
    @HostAccess.Export
    public String randomHex(int bytes) {
        if (bytes < 0 || bytes > MAX_RANDOM_BYTES) {
            throw new IllegalArgumentException("randomBytes: size must be 0.." + MAX_RANDOM_BYTES);
        }
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return HexFormat.of().formatHex(out);
    }

    /** The compiled wrapper of a package file, kept; for an id naming no file, a message, not kept. */
    private Object packageSource(String id) {
        String path = id.substring(id.indexOf(':') + 1);
        String text = packages.files().get(path);
        if (text == null) {
            return "Cannot find module '/" + path + "'";
        }
        return sources.computeIfAbsent(id, key -> wrapped(text, path));
    }

    /**
     * A module's text is pasted into the wrapper, so a text like {@code }; }); let x = 1; (function
     * () {} would declare realm-wide state outside it: only a text that parses as a function body
     * on its own is compiled.
     */
    private boolean isFunctionBody(Context context, String id) {
        return checked.computeIfAbsent(id, key -> PolicyCompiler.isFunctionBody(id.substring(5),
                body(packages.files().get(id.substring(5)))));
    }

    private static Object builtin(String name) {
        if (name.startsWith(NodeResolver.UNAVAILABLE)) {
            name = "unavailable"; // one source; the module reads which module and package from its id
        }
        String resource = name.equals("unavailable") ? "node/unavailable.js" : RESOURCES.get(name);
        if (resource == null) {
            return "no built-in module " + name;
        }
        String found = resource;
        return BUILTIN_SOURCES.computeIfAbsent(name, n -> wrapped(SandboxFactory.readResource(found), "node:" + n));
    }

    static Source wrapped(String text, String name) {
        return Source.newBuilder("js", PolicyCompiler.ACTION_HEAD + body(text) + PolicyCompiler.ACTION_TAIL, name).cached(true).buildLiteral();
    }

    /** Node ignores a leading {@code #!} line; inside the wrapper it would be a syntax error. */
    private static String body(String text) {
        return text.startsWith("#!") ? "//" + text.substring(2) : text;
    }
}
