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
     * INTERLOCK_SECRET_&lt;NAME&gt; variables, which win on a clash. The service and the test command alike.
     */
    public static ActionSecrets actionSecrets(Map<String, String> environment) {
        return actionSecrets(Optional.ofNullable(environment.get(SETTING)), environment);
    }

    public static ActionSecrets actionSecrets(Optional<String> file, Map<String, String> environment) {
        Map<String, String> secrets = new TreeMap<>();
        file.filter(path -> !path.isBlank()).ifPresent(path -> secrets.putAll(read(Path.of(path))));
        secrets.putAll(ActionSecrets.fromEnvironment(environment).asMap());
        return ActionSecrets.of(secrets);
    }

    public static Map<String, String> read(Path file) {
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
        Map<String, String> secrets = new TreeMap<>();
        var fields = root.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw invalid(file + ": '" + field.getKey() + "' is not a valid secret name (letters, digits, _)");
            }
            if (!field.getValue().isTextual()) {
                throw invalid(file + ": " + field.getKey() + " must be a string");
            }
            secrets.put(field.getKey(), field.getValue().textValue());
        }
        return secrets;
    }

    private static InvalidConfigException invalid(String problem) {
        // never the file's content: it holds secrets
        return new InvalidConfigException(List.of(SETTING + ": " + problem));
    }
}
