package io.interlock.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.engine.ActionSecrets;
import io.interlock.json.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The secrets Auth0 Actions read as {@code event.secrets}, from a file for deployments that
 * mount secrets as files (Kubernetes, Docker secrets) rather than set environment variables:
 * a JSON object of names to string values. Read once at start; a file that cannot be used stops
 * the start, since an Action would otherwise run without a secret its author relies on.
 */
public final class SecretsFile {

    static final String SETTING = "INTERLOCK_SECRETS_FILE";

    private SecretsFile() {}

    /**
     * The Action secrets of an environment: the file named by INTERLOCK_SECRETS_FILE first, then
     * INTERLOCK_SECRET_&lt;NAME&gt; variables, which win on a clash; each Action's own from the file's
     * objects keyed by {@code <trigger-folder>/<file>.js} and from INTERLOCK_ACTION_&lt;FILE&gt;_SECRET_&lt;NAME&gt;
     * variables (checked here: a misspelt one stops the start). The service and the test command alike.
     */
    public static ActionSecrets actionSecrets(Map<String, String> environment) {
        return actionSecrets(Optional.ofNullable(environment.get(SETTING)), environment);
    }

    public static ActionSecrets actionSecrets(Optional<String> file, Map<String, String> environment) {
        Map<String, String> secrets = new TreeMap<>();
        Map<String, Map<String, String>> byAction = new TreeMap<>();
        file.filter(path -> !path.isBlank()).ifPresent(path -> {
            Path at = Path.of(path);
            JsonNode root = root(at);
            secrets.putAll(shared(at, root));
            byAction.putAll(own(at, root));
        });
        secrets.putAll(ActionSecrets.fromEnvironment(environment).asMap());
        Map<String, String> variables = ActionSecrets.actionVariables(environment);
        List<String> problems = variables.keySet().stream().filter(v -> !ACTION_VARIABLE.matcher(v).matches())
                .map(v -> ActionSecrets.ACTION_PREFIX + v + ": not an Action secret; name it INTERLOCK_ACTION_<FILE>_SECRET_<NAME>,"
                        + " FILE the Action's file name without .js in capitals with _ for other characters"
                        + " (30-domain-allowlist.js: INTERLOCK_ACTION_30_DOMAIN_ALLOWLIST_SECRET_API_KEY)").toList();
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return ActionSecrets.of(secrets, byAction, variables);
    }

    private static final java.util.regex.Pattern ACTION_VARIABLE =
            java.util.regex.Pattern.compile("[A-Z0-9]+(_[A-Z0-9]+)*_SECRET_[A-Za-z_][A-Za-z0-9_]*");
    /** An Action's own secrets in the file: {@code "pre-signup/30-x.js": {"NAME": "value"}}. */
    private static final java.util.regex.Pattern ACTION_KEY = java.util.regex.Pattern.compile("[a-z0-9-]+/[^/]+\\.js");

    /** The shared secrets of the file: its string values. */
    public static Map<String, String> read(Path file) {
        return shared(file, root(file));
    }

    private static JsonNode root(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw invalid("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        StrictJson.Parsed parsed = StrictJson.parse(json);
        JsonNode root = parsed.node().orElseThrow(() -> invalid(file + ": " + parsed.error().orElse("invalid JSON")));
        if (!root.isObject()) {
            throw invalid(file + ": must be a JSON object of secret names to string values");
        }
        return root;
    }

    private static Map<String, String> shared(Path file, JsonNode root) {
        Map<String, String> secrets = new TreeMap<>();
        var fields = root.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getValue().isObject() && ACTION_KEY.matcher(field.getKey()).matches()) {
                continue;
            }
            secrets.put(checkedName(file, "", field.getKey()), checkedValue(file, "", field));
        }
        return secrets;
    }

    private static Map<String, Map<String, String>> own(Path file, JsonNode root) {
        Map<String, Map<String, String>> byAction = new TreeMap<>();
        var fields = root.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().isObject() || !ACTION_KEY.matcher(field.getKey()).matches()) {
                continue;
            }
            Map<String, String> own = new TreeMap<>();
            var entries = field.getValue().fields();
            while (entries.hasNext()) {
                var entry = entries.next();
                own.put(checkedName(file, field.getKey() + ".", entry.getKey()), checkedValue(file, field.getKey() + ".", entry));
            }
            byAction.put(field.getKey(), own);
        }
        return byAction;
    }

    private static String checkedName(Path file, String within, String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw invalid(file + ": '" + within + name + "' is not a valid secret name (letters, digits, _), nor an Action's"
                    + " own secrets (an object under its <trigger-folder>/<file>.js, like \"pre-signup/30-x.js\")");
        }
        return name;
    }

    private static String checkedValue(Path file, String within, Map.Entry<String, JsonNode> field) {
        if (!field.getValue().isTextual()) {
            throw invalid(file + ": " + within + field.getKey() + " must be a string");
        }
        return field.getValue().textValue();
    }

    private static InvalidConfigException invalid(String problem) {
        // never the file's content: it holds secrets
        return new InvalidConfigException(List.of(SETTING + ": " + problem));
    }
}
