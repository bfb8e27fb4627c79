package io.interlock.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.json.StrictJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code fetch()} call as the harness hands it over (JSON: url, method, headers as [name,
 * value] pairs, body string or null, redirect mode), checked once here for every way out —
 * network or a test's declared answers. Every refusal is a message for the policy that names
 * what is wrong.
 */
public record FetchRequest(URI url, String method, List<HttpHeader> headers, byte[] body, Redirect redirect) {

    public enum Redirect { FOLLOW, MANUAL, ERROR }

    /** The request, or why there is none. */
    public record Parsed(FetchRequest request, String method, String host, String problem) {}

    /** Set by Interlock, or meaningful only for one connection: a policy may not set them. */
    static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "connection", "keep-alive", "proxy-authorization",
            "proxy-authenticate", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "expect",
            "content-length", "accept-encoding", "http2-settings");
    static final int MAX_HEADERS = 100;
    /** RFC 1035's limit on a name, so a host recorded with a call stays short. */
    static final int MAX_HOST = 253;
    static final int MAX_HEADER_BYTES = 32 * 1024;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /**
     * The methods sent, written in any ASCII case and sent in capitals (the Fetch standard leaves
     * {@code patch} as written, which servers refuse). Any other method is refused, never sent nor
     * recorded: a policy that passes a secret there (an Action's {@code event.secrets.X}) leaks nothing.
     */
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    /** How a refused method shows in the policy's message, the trace and the log. */
    static final String OTHER_METHOD = "?";

    public static Parsed parse(String json, long maxBodyBytes) {
        JsonNode node = StrictJson.parse(json).node().orElse(null);
        if (node == null || !node.isObject()) {
            return refused("GET", null, "fetch: the request could not be read");
        }
        String given = node.path("method").asText("GET");
        String method = method(given);
        String text = node.path("url").asText("");
        URI url;
        try {
            url = url(text);
        } catch (IllegalArgumentException e) {
            return refused(method, null, e.getMessage());
        }
        String host = hostLabel(url);
        if (method.equals(OTHER_METHOD)) {
            return refused(method, host, "fetch: the method must be one of " + String.join(", ", METHODS) + "; the one given ("
                    + given.length() + " characters) is none of them, and is not repeated here in case it is a secret");
        }
        List<HttpHeader> headers = new ArrayList<>();
        String problem = headers(node.path("headers"), headers);
        if (problem != null) {
            return refused(method, host, problem);
        }
        byte[] body = null;
        if (node.path("body").isTextual()) {
            if (method.equals("GET") || method.equals("HEAD")) {
                return refused(method, host, "fetch: a " + method + " request cannot have a body");
            }
            String sent = node.get("body").textValue();
            // A binary body (FormData, Blob, a typed array) comes as one character per byte.
            body = node.path("bodyBytes").asBoolean(false) ? latin1(sent) : sent.getBytes(StandardCharsets.UTF_8);
            if (body == null) {
                return refused(method, host, "fetch: the request body could not be read");
            }
            if (body.length > maxBodyBytes) {
                return refused(method, host, "fetch: the request body is " + body.length + " bytes, over the limit of "
                        + maxBodyBytes + " (INTERLOCK_FETCH_MAX_BYTES)");
            }
            if (headers.stream().noneMatch(h -> h.name().equals("content-type"))) {
                headers.add(new HttpHeader("content-type", "text/plain;charset=UTF-8"));
            }
        }
        Redirect redirect = switch (node.path("redirect").asText("follow")) {
            case "manual" -> Redirect.MANUAL;
            case "error" -> Redirect.ERROR;
            default -> Redirect.FOLLOW;
        };
        return new Parsed(new FetchRequest(url, method, List.copyOf(headers), body, redirect), method, host, null);
    }

    private static byte[] latin1(String bytes) {
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.charAt(i) > 0xff) {
                return null;
            }
        }
        return bytes.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The method as sent, or {@link #OTHER_METHOD}; only ASCII letters are case-folded. */
    private static String method(String given) {
        String upper = given.toUpperCase(Locale.ROOT);
        return TOKEN.matcher(given).matches() && METHODS.contains(upper) ? upper : OTHER_METHOD;
    }

    /** {@code problem} starts "fetch: "; the policy's message names the call: "fetch POST api.example.com: …". */
    private static Parsed refused(String method, String host, String problem) {
        String call = "fetch " + method + (host == null ? "" : " " + host) + ": ";
        return new Parsed(null, method, host, call + problem.replaceFirst("^fetch: ", ""));
    }

    /** An absolute http(s) URL without credentials; throws with the policy's message otherwise. */
    static URI url(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("fetch: '" + shortened(text) + "' is not a valid URL (" + e.getReason()
                    + "; encode query values with encodeURIComponent)");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("fetch: '" + shortened(text) + "' is not an absolute http or https URL");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("fetch: '" + shortened(text) + "' has no host name (write non-ASCII names in their xn-- form)");
        }
        if (url.getHost().length() > MAX_HOST) {
            // Not repeated: the name would be recorded with the call, in the trace and the log.
            throw new IllegalArgumentException("fetch: the URL's host name is " + url.getHost().length()
                    + " characters long; no DNS name is longer than " + MAX_HOST);
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("fetch: a URL may not carry credentials (user:password@); send them in a header");
        }
        return url;
    }

    private static String shortened(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static String headers(JsonNode list, List<HttpHeader> out) {
        if (!list.isArray()) {
            return null;
        }
        int bytes = 0;
        for (JsonNode pair : list) {
            String name = pair.path(0).asText("").toLowerCase(Locale.ROOT);
            String value = pair.path(1).asText("").strip();
            if (!TOKEN.matcher(name).matches()) {
                return "fetch: '" + shortened(name) + "' is not a valid header name";
            }
            if (FORBIDDEN_HEADERS.contains(name) || name.startsWith("proxy-") || name.startsWith("sec-")) {
                return "fetch: the header " + name + " is set by Interlock or belongs to one connection; leave it out";
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    return "fetch: the value of the header " + name + " contains a line break";
                }
                if (c > 0xff) {
                    return "fetch: the value of the header " + name + " has characters outside Latin-1; encode it";
                }
            }
            bytes += name.length() + value.length() + 4;
            out.add(new HttpHeader(name, value));
        }
        if (out.size() > MAX_HEADERS || bytes > MAX_HEADER_BYTES) {
            return "fetch: at most " + MAX_HEADERS + " headers of " + MAX_HEADER_BYTES / 1024 + " KB in all";
        }
        return null;
    }

    /** The host as the trace shows it: lower case, with the port when it is not the scheme's default. */
    static String hostLabel(URI url) {
        String host = Target.hostOf(url);
        int port = Target.portOf(url);
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return port == Target.defaultPort(url) ? shown : shown + ":" + port;
    }

    public String host() {
        return hostLabel(url);
    }
}
