package io.interlock.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.interlock.json.StrictJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The values Auth0 Actions read as {@code event.secrets}, configured as environment variables
 * {@code INTERLOCK_SECRET_<NAME>} (→ {@code event.secrets.NAME}) and read once when the engine is
 * created.
 *
 * <p>Secrets must never reach a log: {@link #toString()} names them without values, and
 * {@link #redact(String)} is applied to every console line and failure message the engine hands
 * out, so an Action that prints or throws a secret leaves {@code [secret NAME]} in its place.
 */
public final class ActionSecrets {

    public static final String PREFIX = "INTERLOCK_SECRET_";
    private static final ActionSecrets NONE = new ActionSecrets(Map.of());

    private final Map<String, String> values;
    /** Longest first, so a secret containing another is replaced whole, not in pieces. */
    private final List<Map.Entry<String, String>> redactions;

    private ActionSecrets(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        List<Map.Entry<String, String>> forms = new ArrayList<>();
        this.values.forEach((name, value) -> {
            if (!value.isEmpty()) {
                forms.add(Map.entry(value, "[secret " + name + "]"));
                // Console lines print objects as JSON, where a quote or backslash in a secret is escaped.
                String escaped = jsonEscaped(value);
                if (!escaped.equals(value)) {
                    forms.add(Map.entry(escaped, "[secret " + name + "]"));
                }
            }
        });
        forms.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        this.redactions = List.copyOf(forms);
    }

    public static ActionSecrets none() {
        return NONE;
    }

    /** Secret name → value, as the Action sees them in {@code event.secrets}. */
    public static ActionSecrets of(Map<String, String> values) {
        return values.isEmpty() ? NONE : new ActionSecrets(values);
    }

    /** Picks the {@code INTERLOCK_SECRET_<NAME>} entries out of an environment. */
    public static ActionSecrets fromEnvironment(Map<String, String> environment) {
        Map<String, String> found = new TreeMap<>();
        environment.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length() && value != null) {
                found.put(key.substring(PREFIX.length()), value);
            }
        });
        return of(found);
    }

    /** Name → value; for merging sources at start, never for logging. */
    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    public Set<String> names() {
        return values.keySet();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The secrets as a JSON object, handed to the guest only when a chain holds an Action. */
    String json() {
        try {
            return StrictJson.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /** {@code text} with every secret value replaced by {@code [secret NAME]}; null stays null. */
    public String redact(String text) {
        if (text == null || redactions.isEmpty()) {
            return text;
        }
        String result = text;
        for (Map.Entry<String, String> form : redactions) {
            result = result.replace(form.getKey(), form.getValue());
        }
        return result;
    }

    /** The length of the longest text {@link #redact} looks for; 0 without secrets. */
    int longestForm() {
        return redactions.isEmpty() ? 0 : redactions.get(0).getKey().length();
    }

    /**
     * A console line as shown: secrets removed from the whole line first, then cut to
     * {@code maxLength}. The guest cuts lines at {@code rawLength} (beyond {@code maxLength} plus
     * twice the longest secret) and marks the cut with an ellipsis; whatever start of a secret such
     * a cut left at the end is dropped, so no cut can leave part of a secret behind.
     */
    public String redactAndCut(String line, int rawLength, int maxLength) {
        boolean cut = line.length() > rawLength;
        String text = cut ? line.substring(0, rawLength) : line;
        if (cut && !redactions.isEmpty()) {
            text = withoutSecretStartAtEnd(text);
        }
        text = redact(text);
        if (text.length() > maxLength) {
            return text.substring(0, maxLength) + "…";
        }
        return cut ? text + "…" : text;
    }

    private String withoutSecretStartAtEnd(String text) {
        int drop = 0;
        for (Map.Entry<String, String> form : redactions) {
            String secret = form.getKey();
            for (int k = Math.min(secret.length() - 1, text.length()); k > drop; k--) {
                if (text.regionMatches(text.length() - k, secret, 0, k)) {
                    drop = k;
                    break;
                }
            }
        }
        return text.substring(0, text.length() - drop);
    }

    private static String jsonEscaped(String value) {
        try {
            String quoted = StrictJson.mapper().writeValueAsString(value);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            return value;
        }
    }

    @Override
    public String toString() {
        return "ActionSecrets" + values.keySet();
    }
}
