package io.interlock.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.engine.PolicyTrace;
import io.interlock.fetch.FetchCall;
import io.interlock.service.Decided;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a replay needs beside a kept payload, kept with it (INTERLOCK_LOG_PAYLOADS=true) as one
 * JSON text: {@code {"pii", "answer", "masked", "fetch"}}.
 * <ul>
 * <li>{@code answer}: the answer the platform got (its wire JSON: decision, error message,
 *     claims, membership), masked like the payload, so a replay compares the whole answer and
 *     not only ALLOW or DENY;</li>
 * <li>{@code masked}: the JSON pointers of the payload's values that masking changed, so a replay
 *     knows which fields it cannot see;</li>
 * <li>{@code fetch}: each fetch() call's URL and answer (status, content type, body cut at
 *     {@link FetchCall#MAX_EXCHANGE_BODY_CHARS}), masked like the payload, so a replay answers
 *     calls as they were answered and never reaches the network.</li>
 * </ul>
 * Bounded: at most {@link #MAX_MASKED} pointers and {@link #MAX_FETCH} calls; when the whole
 * is still longer than {@link Events#MAX_PAYLOAD_CHARS}, the bodies are left out
 * ({@code "fetch_omitted"}) and a replay that needs them says so.
 */
final class ReplayRecord {

    static final int MAX_MASKED = 64;
    static final int MAX_FETCH = 16;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReplayRecord() {}

    static String of(Masking masking, JsonNode payload, JsonNode maskedPayload, Decided decided) {
        ObjectNode record = JSON.objectNode();
        record.put("pii", masking.mode().wire());
        record.set("answer", decided.answer().map(a -> masking.payload(a.toWire())).orElse(JSON.nullNode()));
        ArrayNode masked = record.putArray("masked");
        List<String> pointers = new ArrayList<>();
        changed(payload, maskedPayload, "", pointers);
        pointers.forEach(masked::add);
        ArrayNode fetch = record.putArray("fetch");
        for (PolicyTrace trace : decided.result().trace()) {
            for (FetchCall call : trace.fetches()) {
                if (call.exchange() != null && fetch.size() < MAX_FETCH) {
                    fetch.add(exchange(masking, trace.policy(), call));
                }
            }
        }
        String text = record.toString();
        if (text.length() > Events.MAX_PAYLOAD_CHARS) {
            fetch.forEach(f -> ((ObjectNode) f).put("body", "").put("cut", true));
            record.put("fetch_omitted", "fetch answers longer than " + Events.MAX_PAYLOAD_CHARS / 1024 + " KB together");
            text = record.toString();
        }
        return text;
    }

    private static ObjectNode exchange(Masking masking, String policy, FetchCall call) {
        FetchCall.Exchange x = call.exchange();
        ObjectNode node = JSON.objectNode();
        node.put("policy", policy);
        node.put("method", call.method());
        String url = masking.text(x.url());
        node.put("url", url);
        String body = maskedBody(masking, x.body());
        String error = masking.text(x.error());
        node.put("masked", !url.equals(x.url()) || !body.equals(x.body()) || error != null && !error.equals(x.error()));
        if (x.error() != null) {
            node.put("error", error);
            return node;
        }
        node.put("status", x.status());
        node.put("status_text", x.statusText());
        node.put("content_type", x.contentType());
        node.put("body", body);
        node.put("cut", x.cut());
        return node;
    }

    /** A JSON body masked as a payload is (names and IPs by key too), any other as free text. */
    private static String maskedBody(Masking masking, String body) {
        if (body.isEmpty()) {
            return body;
        }
        try {
            JsonNode parsed = MAPPER.readTree(body);
            if (parsed != null && parsed.isContainerNode()) {
                JsonNode masked = masking.payload(parsed);
                return masked.equals(parsed) ? body : masked.toString();
            }
        } catch (JsonProcessingException notJson) {
            // masked as text below
        }
        return masking.text(body);
    }

    /**
     * Adds the pointer of each value masking changed (of each key it changed, the field's), walking
     * both trees together: masking keeps every field in its place.
     */
    static void changed(JsonNode original, JsonNode masked, String pointer, List<String> out) {
        if (out.size() >= MAX_MASKED || original.equals(masked)) {
            return;
        }
        if (original.isObject() && masked.isObject() && original.size() == masked.size()) {
            Iterator<Map.Entry<String, JsonNode>> o = original.fields();
            Iterator<Map.Entry<String, JsonNode>> m = masked.fields();
            while (o.hasNext() && m.hasNext()) {
                Map.Entry<String, JsonNode> a = o.next();
                Map.Entry<String, JsonNode> b = m.next();
                String child = pointer + "/" + b.getKey().replace("~", "~0").replace("/", "~1");
                if (!a.getKey().equals(b.getKey())) {
                    if (out.size() < MAX_MASKED) {
                        out.add(child);
                    }
                } else {
                    changed(a.getValue(), b.getValue(), child, out);
                }
            }
        } else if (original.isArray() && masked.isArray() && original.size() == masked.size()) {
            for (int i = 0; i < original.size(); i++) {
                changed(original.get(i), masked.get(i), pointer + "/" + i, out);
            }
        } else {
            out.add(pointer.isEmpty() ? "/" : pointer);
        }
    }
}
