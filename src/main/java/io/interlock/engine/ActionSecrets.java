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
 * The values Auth0 Actions read as {@code event.secrets}, read once when the engine is created:
 * shared by every Action ({@code INTERLOCK_SECRET_<NAME>} → {@code event.secrets.NAME}), and each
 * Action's own ({@code INTERLOCK_ACTION_<FILE>_SECRET_<NAME>}, or an object keyed by the Action's
 * {@code <trigger-folder>/<file>.js} in the secrets file), which {@link #forAction} lays over the
 * shared ones. As in Auth0, an Action sees only its own secrets and the shared ones.
 *
 * <p>Secrets must never reach a log: {@link #toString()} names them without values, and
 * {@link #redact(String)} is applied to every console line and failure message the engine hands
 * out, so an Action that prints or throws a secret leaves {@code [secret NAME]} in its place. The
 * set {@link #forAction} gives redacts only what that Action could see; the configured set
 * redacts every secret of every Action, for what no one policy wrote.
 */
public final class ActionSecrets {

    public static final String PREFIX = "INTERLOCK_SECRET_";
    /** {@code INTERLOCK_ACTION_<FILE>_SECRET_<NAME>}: one Action's own secret. */
    public static final String ACTION_PREFIX = "INTERLOCK_ACTION_";
    public static final String ACTION_INFIX = "_SECRET_";
    private static final ActionSecrets NONE = new ActionSecrets(Map.of(), Map.of(), Map.of());

    private final Map<String, String> values;
    /** Action key ({@code pre-signup/30-x.js}) → its own secrets, from the secrets file. */
    private final Map<String, Map<String, String>> byFile;
    /** What follows INTERLOCK_ACTION_ in each per-Action variable → its value. */
    private final Map<String, String> byVariable;
    /** Longest first, so a secret containing another is replaced whole, not in pieces. */
    private final List<Map.Entry<String, String>> redactions;

    private ActionSecrets(Map<String, String> values, Map<String, Map<String, String>> byFile, Map<String, String> byVariable) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.byFile = Map.copyOf(byFile);
        this.byVariable = Map.copyOf(byVariable);
        List<Map.Entry<String, String>> named = new ArrayList<>(this.values.entrySet());
        byFile.values().forEach(own -> named.addAll(own.entrySet()));
        byVariable.forEach((suffix, value) -> {
            int at = suffix.indexOf(ACTION_INFIX);
            if (at >= 0) {
                named.add(Map.entry(suffix.substring(at + ACTION_INFIX.length()), value));
            }
        });
        List<Map.Entry<String, String>> forms = new ArrayList<>();
        named.forEach(entry -> {
            String name = entry.getKey();
            String value = entry.getValue();
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

    /**
     * Shared secrets, each Action's own from the secrets file (by Action key), and the per-Action
     * variables (what follows {@code INTERLOCK_ACTION_}, {@code 30_X_SECRET_API_KEY}).
     */
    public static ActionSecrets of(Map<String, String> shared, Map<String, Map<String, String>> byFile,
            Map<String, String> byVariable) {
        return shared.isEmpty() && byFile.isEmpty() && byVariable.isEmpty() ? NONE : new ActionSecrets(shared, byFile, byVariable);
    }

    /**
     * What the Action named {@code policyName} sees: the shared secrets with its own over them
     * (from the file, then from variables, which win). Redacts only these.
     */
    public ActionSecrets forAction(String policyName) {
        if (byFile.isEmpty() && byVariable.isEmpty()) {
            return this;
        }
        String key = actionKey(policyName);
        String variables = envStem(key) + ACTION_INFIX;
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(byFile.getOrDefault(key, Map.of()));
        byVariable.forEach((suffix, value) -> {
            if (suffix.startsWith(variables) && suffix.length() > variables.length()) {
                merged.put(suffix.substring(variables.length()), value);
            }
        });
        return of(merged);
    }

    /** These secrets, with {@code more} shared ones over them (a cases file's); each Action's own are kept. */
    public ActionSecrets withShared(Map<String, String> more) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(more);
        return of(merged, byFile, byVariable);
    }

    /** How secrets and configuration name an Action: its trigger folder and file, {@code pre-signup/30-x.js}. */
    public static String actionKey(String policyName) {
        String[] parts = policyName.replace('\\', '/').split("/");
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : parts[parts.length - 1];
    }

    /** The Action's part of INTERLOCK_ACTION_&lt;FILE&gt;_SECRET_&lt;NAME&gt;: its file name without .js, in capitals, other characters as _. */
    public static String envStem(String key) {
        String file = key.substring(key.lastIndexOf('/') + 1).replaceFirst("\\.js$", "");
        return file.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
    }

    public static ActionSecrets none() {
        return NONE;
    }

    /** Secret name → value, as the Action sees them in {@code event.secrets}. */
    public static ActionSecrets of(Map<String, String> values) {
        return values.isEmpty() ? NONE : new ActionSecrets(values, Map.of(), Map.of());
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

    /** The {@code INTERLOCK_ACTION_…} entries of an environment, by what follows the prefix (checked by the caller). */
    public static Map<String, String> actionVariables(Map<String, String> environment) {
        Map<String, String> found = new TreeMap<>();
        environment.forEach((key, value) -> {
            if (key.startsWith(ACTION_PREFIX) && value != null) {
                found.put(key.substring(ACTION_PREFIX.length()), value);
            }
        });
        return found;
    }

    /** Name → value; for merging sources at start, never for logging. */
    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    public Set<String> names() {
        return values.keySet();
    }

    /** True when no Action has a secret, shared or its own. */
    public boolean isEmpty() {
        return values.isEmpty() && byFile.isEmpty() && byVariable.isEmpty();
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
        return "ActionSecrets" + values.keySet() + (byFile.isEmpty() ? "" : " own " + byFile.keySet())
                + (byVariable.isEmpty() ? "" : " " + byVariable.keySet().stream().map(v -> ACTION_PREFIX + v).toList());
    }
}
