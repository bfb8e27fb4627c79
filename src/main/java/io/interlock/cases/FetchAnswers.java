package io.interlock.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.fetch.DeclaredAnswers;
import io.interlock.fetch.HttpHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cases file's {@code "fetch"} list: the answers of the calls its policies make, so cases run
 * without a network. Each entry is {@code {"url", "method"?, "status"?, "statusText"?, "headers"?,
 * "json" | "body"?}} or {@code {"url", "method"?, "error"}} for a call that fails; checked as
 * strictly as the rest of the file.
 */
public final class FetchAnswers {

    private static final List<String> FIELDS = List.of("url", "method", "status", "statusText", "headers", "json", "body", "error");

    private FetchAnswers() {}

    public static List<DeclaredAnswers.Answer> parse(JsonNode list, String field, List<String> errors) {
        List<DeclaredAnswers.Answer> answers = new ArrayList<>();
        if (list == null) {
            return answers;
        }
        if (!list.isArray()) {
            errors.add(field + ": must be a list of answers like {\"url\": \"https://…\", \"status\": 200, \"json\": {…}}");
            return answers;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            int before = errors.size();
            DeclaredAnswers.Answer answer = answer(list.get(i), at, errors);
            if (errors.size() == before) {
                answers.add(answer);
            }
        }
        return answers;
    }

    private static DeclaredAnswers.Answer answer(JsonNode node, String at, List<String> errors) {
        if (!node.isObject()) {
            errors.add(at + ": must be an object {\"url\", \"method\", \"status\", \"json\"}");
            return null;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(at + "." + name + ": unknown field (expected " + String.join(", ", FIELDS) + ")");
            }
        }
        java.net.URI url = null;
        if (!node.path("url").isTextual()) {
            errors.add(at + ".url: required, the URL the policy calls, like \"https://api.example.com/plan?user=usr_1\"");
        } else {
            try {
                url = DeclaredAnswers.url(node.get("url").textValue());
            } catch (IllegalArgumentException e) {
                errors.add(at + ".url: " + e.getMessage());
            }
        }
        String method = text(node, "method", "GET", at, errors);
        if (node.has("error")) {
            if (!node.get("error").isTextual()) {
                errors.add(at + ".error: must be the message the call fails with, a string");
            }
            for (String other : List.of("status", "statusText", "headers", "json", "body")) {
                if (node.has(other)) {
                    errors.add(at + "." + other + ": a call that fails (error) has no " + other);
                }
            }
            return new DeclaredAnswers.Answer(method, url, 0, "", List.of(), new byte[0], node.path("error").asText());
        }
        int status = 200;
        if (node.has("status")) {
            JsonNode s = node.get("status");
            if (!s.canConvertToInt() || !s.isIntegralNumber() || s.asInt() < 200 || s.asInt() > 599) {
                errors.add(at + ".status: must be an HTTP status from 200 to 599");
            } else {
                status = s.asInt();
            }
        }
        List<HttpHeader> headers = headers(node.get("headers"), at, errors);
        if (node.has("json") && node.has("body")) {
            errors.add(at + ": give json or body, not both");
        }
        byte[] body = new byte[0];
        if (node.has("json")) {
            body = node.get("json").toString().getBytes(StandardCharsets.UTF_8);
            if (headers.stream().noneMatch(h -> h.name().equals("content-type"))) {
                headers.add(new HttpHeader("content-type", "application/json"));
            }
        } else if (node.has("body")) {
            if (!node.get("body").isTextual()) {
                errors.add(at + ".body: must be a string (use json for JSON)");
            } else {
                body = node.get("body").textValue().getBytes(StandardCharsets.UTF_8);
            }
        }
        return new DeclaredAnswers.Answer(method, url, status, text(node, "statusText", "", at, errors), headers, body, null);
    }

    private static List<HttpHeader> headers(JsonNode node, String at, List<String> errors) {
        List<HttpHeader> headers = new ArrayList<>();
        if (node == null) {
            return headers;
        }
        if (!node.isObject()) {
            errors.add(at + ".headers: must be an object of header names to strings");
            return headers;
        }
        for (Map.Entry<String, JsonNode> header : node.properties()) {
            if (!header.getValue().isTextual()) {
                errors.add(at + ".headers." + header.getKey() + ": must be a string");
            } else {
                headers.add(new HttpHeader(header.getKey().toLowerCase(Locale.ROOT), header.getValue().textValue()));
            }
        }
        return headers;
    }

    private static String text(JsonNode node, String field, String fallback, String at, List<String> errors) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual()) {
            errors.add(at + "." + field + ": must be a string");
            return fallback;
        }
        return value.textValue();
    }
}
