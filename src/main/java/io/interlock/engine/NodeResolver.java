package io.interlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.json.StrictJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node's {@code require()} resolution over the files beside the policies, as one function for
 * both sides: the package reader runs it against the disk to find what to read, the sandbox's
 * module table runs it against what was read. Same algorithm, same answers.
 *
 * <p>Paths are relative to the policies folder, {@code /}-separated, never leaving it. An answer
 * is {@code builtin:NAME}, {@code file:PATH}, {@code json:PATH}, or {@code error:MESSAGE} naming
 * the module and what to do. Supported: relative paths; packages under {@code node_modules}
 * (nested, then the folder's own); {@code package.json} {@code main} and {@code exports} (a
 * string, a subpath map, the {@code require}/{@code node}/{@code default} conditions, one
 * {@code *} pattern); {@code .js}, {@code .cjs}, {@code .json}, {@code index.js}. Refused with a
 * message: native addons, ES-module-only packages, Node built-ins outside the safe subset.
 */
public final class NodeResolver {

    /** What the resolver needs to know about the files: the disk at load, the files read at run. */
    public interface Files {
        boolean isFile(String path);

        /** A file's text, or null when it is not there or cannot be used. */
        String read(String path);

        boolean isDirectory(String path);
    }

    /** Node built-ins Interlock provides, in its sandbox's safe subset (see docs/auth0-actions.md). */
    public static final List<String> BUILTINS = List.of("buffer", "crypto", "events", "path", "querystring", "stream",
            "string_decoder", "url", "util");
    /** Modules Interlock's built-ins use internally; not visible to policies under these names. */
    static final Set<String> INTERNAL = Set.of("base64-js", "ieee754");
    static final String INTERNAL_DIR = "node:";

    private static final Set<String> CORE = Set.of("assert", "async_hooks", "buffer", "child_process", "cluster", "console",
            "constants", "crypto", "dgram", "diagnostics_channel", "dns", "domain", "events", "fs", "http", "http2", "https",
            "inspector", "module", "net", "os", "path", "perf_hooks", "process", "punycode", "querystring", "readline", "repl",
            "stream", "string_decoder", "sys", "timers", "tls", "trace_events", "tty", "url", "util", "v8", "vm", "wasi",
            "worker_threads", "zlib");
    /** Core modules with a pure-JavaScript copy on npm: installing it beside the policies is the way. */
    private static final Set<String> POLYFILLED = Set.of("assert", "punycode");
    /** The module a package gets for a Node module the sandbox has no place for (node/unavailable.js). */
    static final String UNAVAILABLE = "unavailable/";
    private static final List<String> EXTENSIONS = List.of("", ".js", ".json", ".cjs");
    private static final List<String> CONDITIONS = List.of("require", "node", "default");
    static final String AVAILABLE = "buffer, crypto (createHash and createHmac with md5, sha1, sha256, sha384, sha512;"
            + " createSign, createVerify, sign, verify and keys with RSA, RSA-PSS, ECDSA, Ed25519; randomUUID, randomBytes,"
            + " randomInt, timingSafeEqual), events, path, querystring, stream, string_decoder, url (URL, URLSearchParams),"
            + " util";

    /**
     * Longest module name resolved, in characters: npm caps a package name at 214 and a path on
     * Linux is at most 4,096 bytes, so a longer name names nothing and is refused without a lookup.
     */
    public static final int MAX_SPECIFIER = 4_096;

    private final Files files;

    public NodeResolver(Files files) {
        this.files = files;
    }

    /** Resolves {@code specifier} as required from a file in {@code fromDir} ("" is the policies folder). */
    public String resolve(String fromDir, String specifier) {
        if (specifier.isEmpty()) {
            return error("require(\"\"): the module name is empty");
        }
        if (specifier.length() > MAX_SPECIFIER) {
            return error("require(): the module name is " + specifier.length() + " characters long; no module's name is"
                    + " longer than " + MAX_SPECIFIER);
        }
        boolean internal = fromDir.equals(INTERNAL_DIR);
        String name = specifier.startsWith("node:") ? specifier.substring(5) : specifier;
        if (internal && (INTERNAL.contains(name) || BUILTINS.contains(name))) {
            return "builtin:" + name;
        }
        if (BUILTINS.contains(name)) {
            return "builtin:" + name;
        }
        if (isRelative(specifier)) {
            return relative(internal ? "" : fromDir, specifier);
        }
        String base = name.contains("/") && !name.startsWith("@") ? name.substring(0, name.indexOf('/')) : name;
        if (specifier.startsWith("node:") || CORE.contains(base) && !POLYFILLED.contains(base)) {
            String from = packageOf(fromDir);
            if (from != null && CORE.contains(base)) {
                // A package often requires such a module at its top for a code path an Action never
                // takes: it loads, and using it fails naming the module, the package and why.
                return "builtin:" + UNAVAILABLE + base + "/" + from;
            }
            return error("require(\"" + specifier + "\") is not available: Node's " + base + " module has no place in"
                    + " Interlock's sandbox (no network, files, processes or timers). Available: " + AVAILABLE);
        }
        String found = internal ? null : fromPackages(fromDir, specifier);
        if (found != null) {
            return found;
        }
        if (CORE.contains(base)) {
            return error("require(\"" + specifier + "\") is not available: Node's " + base + " module is not built into"
                    + " Interlock; install its pure-JavaScript copy beside the policies (cd policies && npm install "
                    + base + "). Built in: " + AVAILABLE);
        }
        return error("Cannot find module '" + specifier + "': no node_modules/" + packageName(specifier)
                + " in the policies folder; install it there (cd policies && npm install " + packageName(specifier)
                + "). Only pure-JavaScript CommonJS packages run in Interlock's sandbox");
    }

    private static boolean isRelative(String specifier) {
        return specifier.equals(".") || specifier.equals("..") || specifier.startsWith("./") || specifier.startsWith("../")
                || specifier.startsWith("/");
    }

    private String relative(String fromDir, String specifier) {
        String path = normalize(specifier.startsWith("/") ? specifier : join(fromDir, specifier));
        if (path == null) {
            return error("require(\"" + specifier + "\") reaches outside the policies folder");
        }
        String found = asFile(path);
        if (found == null) {
            found = asDirectory(path);
        }
        return found != null ? found : error("Cannot find module '" + specifier + "' from /" + fromDir);
    }

    /** Node's NODE_MODULES_PATHS walk: the nearest node_modules first, up to the policies folder's. */
    private String fromPackages(String fromDir, String specifier) {
        String name = packageName(specifier);
        String subpath = specifier.length() > name.length() ? "." + specifier.substring(name.length()) : ".";
        String dir = fromDir;
        while (true) {
            if (!dir.endsWith("node_modules") && !dir.endsWith("/node_modules")) {
                String root = join(join(dir, "node_modules"), name);
                if (files.isDirectory(root)) {
                    return fromPackage(root, name, subpath);
                }
            }
            if (dir.isEmpty()) {
                return null;
            }
            int slash = dir.lastIndexOf('/');
            dir = slash < 0 ? "" : dir.substring(0, slash);
        }
    }

    private String fromPackage(String root, String name, String subpath) {
        JsonNode manifest = manifest(root);
        if (files.isFile(root + "/binding.gyp") || manifest != null && manifest.path("gypfile").asBoolean(false)) {
            return error("'" + name + "' is a native addon (compiled code); only pure-JavaScript packages run in Interlock's sandbox");
        }
        JsonNode exports = manifest == null ? null : manifest.get("exports");
        String target;
        if (exports != null && !exports.isNull()) {
            target = exported(exports, subpath);
            if (target == null) {
                return error("'" + name + "' does not export " + (subpath.equals(".") ? "a CommonJS entry point"
                        : "'" + subpath + "'") + " (package.json exports); it may be an ES-module-only package, which"
                        + " Interlock's sandbox cannot load");
            }
            String path = normalize(join(root, target));
            return path == null || !path.startsWith(root + "/") ? error("'" + name + "' exports a file outside its folder")
                    : checked(root, manifest, name, subpath.equals(".") ? browserBuild(root, manifest, asFile(path)) : asFile(path));
        }
        String path = subpath.equals(".") ? root : join(root, subpath.substring(2));
        String found = subpath.equals(".") ? null : asFile(path);
        if (found == null) {
            found = asDirectory(path);
        }
        return found == null ? error("Cannot find module '" + name + subpath.substring(1) + "': the package has no such file")
                : checked(root, manifest, name, subpath.equals(".") ? browserBuild(root, manifest, found) : found);
    }

    private static final java.util.regex.Pattern NETWORK_CLIENT =
            java.util.regex.Pattern.compile("require\\(\\s*['\"](node:)?(http|https|http2)['\"]\\s*\\)");

    /**
     * An HTTP client package (axios, the SDKs built on it) whose Node build opens connections with
     * Node's http module but which ships a browser build calling fetch(): the browser build, which
     * reaches the network through Interlock's fetch() and its allowlist. Any other package: its Node build.
     */
    private String browserBuild(String root, JsonNode manifest, String found) {
        if (manifest == null || found == null || !found.startsWith("file:")) {
            return found;
        }
        String text = files.read(found.substring(5));
        if (text == null || !NETWORK_CLIENT.matcher(text).find()) {
            return found;
        }
        String target = null;
        JsonNode exports = manifest.get("exports");
        if (exports != null && exports.isObject()) {
            JsonNode entry = hasSubpathKeys(exports) ? exports.get(".") : exports;
            if (entry != null && entry.isObject() && entry.has("browser")) {
                target = condition(entry.get("browser"));
            }
        }
        JsonNode browser = manifest.get("browser");
        String relative = "./" + found.substring(5 + root.length() + 1);
        if (target == null && browser != null && browser.isObject() && browser.path(relative).isTextual()) {
            target = browser.path(relative).asText();
        } else if (target == null && browser != null && browser.isTextual()) {
            target = browser.asText();
        }
        String path = target == null ? null : normalize(join(root, target));
        String build = path == null || !path.startsWith(root + "/") ? null : asFile(path);
        return build != null && build.startsWith("file:") ? build : found;
    }

    /** ES modules need `import`, which a CommonJS Action cannot do: a clear refusal, not a SyntaxError. */
    private String checked(String root, JsonNode manifest, String name, String found) {
        if (found == null) {
            return error("Cannot find module '" + name + "': the file its package.json names is missing");
        }
        if (found.endsWith(".mjs") || found.startsWith("file:") && found.endsWith(".js") && manifest != null
                && "module".equals(manifest.path("type").asText()) && found.startsWith("file:" + root + "/")) {
            return error("'" + name + "' is an ES module package (import/export); Interlock's sandbox loads CommonJS"
                    + " packages (require), so use a version or package with a CommonJS build");
        }
        return found;
    }

    private String exported(JsonNode exports, String subpath) {
        if (exports.isTextual() || exports.isArray() || exports.isObject() && !hasSubpathKeys(exports)) {
            return subpath.equals(".") ? condition(exports) : null;
        }
        if (!exports.isObject()) {
            return null;
        }
        if (exports.has(subpath)) {
            return condition(exports.get(subpath));
        }
        for (Map.Entry<String, JsonNode> entry : exports.properties()) {
            String key = entry.getKey();
            int star = key.indexOf('*');
            if (star >= 0 && subpath.startsWith(key.substring(0, star)) && subpath.endsWith(key.substring(star + 1))
                    && subpath.length() >= key.length() - 1) {
                String match = subpath.substring(star, subpath.length() - (key.length() - star - 1));
                String target = condition(entry.getValue());
                return target == null ? null : target.replace("*", match);
            }
        }
        return null;
    }

    private static boolean hasSubpathKeys(JsonNode exports) {
        for (String key : (Iterable<String>) exports::fieldNames) {
            if (key.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The target of a conditional export for require(): the first of require, node, default. */
    private static String condition(JsonNode target) {
        if (target == null || target.isNull()) {
            return null;
        }
        if (target.isTextual()) {
            return target.asText();
        }
        if (target.isArray()) {
            for (JsonNode each : target) {
                String found = condition(each);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        for (Map.Entry<String, JsonNode> entry : target.properties()) {
            if (CONDITIONS.contains(entry.getKey())) {
                String found = condition(entry.getValue());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private String asFile(String path) {
        if (files.isFile(path + ".node") || path.endsWith(".node") && files.isFile(path)) {
            return error("'" + path + "' is a native addon (compiled code); only pure-JavaScript packages run in Interlock's sandbox");
        }
        for (String extension : EXTENSIONS) {
            String candidate = path + extension;
            if (files.isFile(candidate)) {
                if (candidate.endsWith(".json")) {
                    return "json:" + candidate;
                }
                if (candidate.endsWith(".js") || candidate.endsWith(".cjs") || candidate.endsWith(".mjs")) {
                    return "file:" + candidate;
                }
            }
        }
        return null;
    }

    private String asDirectory(String path) {
        JsonNode manifest = manifest(path);
        if (manifest != null && manifest.path("main").isTextual() && !manifest.path("main").asText().isBlank()) {
            String main = normalize(join(path, manifest.path("main").asText()));
            if (main != null && main.startsWith(path + "/")) {
                String found = asFile(main);
                if (found == null) {
                    found = index(main);
                }
                if (found != null) {
                    return found;
                }
            }
        }
        return index(path);
    }

    private String index(String path) {
        for (String index : List.of("/index.js", "/index.json", "/index.cjs")) {
            String candidate = path + index;
            if (files.isFile(candidate)) {
                return (index.endsWith(".json") ? "json:" : "file:") + candidate;
            }
        }
        return null;
    }

    private JsonNode manifest(String dir) {
        String text = files.read(join(dir, "package.json"));
        if (text == null) {
            return null;
        }
        return StrictJson.parse(text).node().filter(JsonNode::isObject).orElse(null);
    }

    /** The package a file in {@code dir} belongs to ({@code node_modules/@scope/name/…}), or null for the policies'. */
    static String packageOf(String dir) {
        int at = dir.lastIndexOf("node_modules/");
        if (at < 0) {
            return null;
        }
        return packageName(dir.substring(at + "node_modules/".length()));
    }

    public static String packageName(String specifier) {
        String[] parts = specifier.split("/", -1);
        return specifier.startsWith("@") && parts.length > 1 ? parts[0] + "/" + parts[1] : parts[0];
    }

    static String join(String dir, String path) {
        return dir.isEmpty() ? path : dir + "/" + path;
    }

    /** Collapses {@code .} and {@code ..}; null when the path would leave the policies folder. */
    static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    static String error(String message) {
        return "error:" + message;
    }
}
