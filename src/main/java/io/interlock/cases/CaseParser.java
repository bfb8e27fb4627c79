package io.interlock.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.decision.Verdict;
import io.interlock.engine.FailureCode;
import io.interlock.json.StrictJson;
import io.interlock.policy.LoadProblem;
import io.interlock.trigger.PayloadCheck;
import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads a cases file strictly: an unknown field, a missing payload or an expectation that
 * can never match is a load problem naming the file, the case's line and index, and the field;
 * a misspelt {@code "expcet"} silently checking nothing would be worse than no test.
 */
final class CaseParser {

    static final long MAX_BYTES = 4 * 1024 * 1024;
    private static final List<String> FILE_FIELDS = List.of("cases", "secrets");
    private static final List<String> CASE_FIELDS = List.of("name", "payload", "patch", "expect", "secrets");
    private static final List<String> EXPECT_FIELDS = List.of("decision", "error", "response", "failure");
    private static final String FAILURE_CODES = Arrays.stream(FailureCode.values()).map(FailureCode::code)
            .collect(Collectors.joining(", "));

    private final PayloadFiles payloads;

    CaseParser(PayloadFiles payloads) {
        this.payloads = payloads;
    }

    CaseFile parse(Path file, String display, Trigger trigger) {
        Optional<String> policy = CaseFile.policyFor(file.getFileName().toString());
        List<LoadProblem> problems = new ArrayList<>();
        List<PolicyCase> cases = new ArrayList<>();
        byte[] bytes = read(file, display, problems);
        if (bytes == null) {
            return new CaseFile(file, display, trigger, policy, cases, problems);
        }
        StrictJson.Parsed parsed = StrictJson.parse(bytes);
        if (parsed.error().isPresent()) {
            problems.add(parsed.location()
                    .map(at -> new LoadProblem(display, at.line(), at.column(), at.reason()))
                    .orElseGet(() -> LoadProblem.of(display, parsed.error().get())));
            return new CaseFile(file, display, trigger, policy, cases, problems);
        }
        JsonNode root = parsed.node().orElseThrow();
        JsonNode list = root.get("cases");
        if (!root.isObject() || list == null || !list.isArray()) {
            problems.add(LoadProblem.of(display, "must be an object {\"cases\": [ ... ]}"));
            return new CaseFile(file, display, trigger, policy, cases, problems);
        }
        unknown(root, FILE_FIELDS, "").forEach(p -> problems.add(LoadProblem.of(display, p)));
        List<String> secretErrors = new ArrayList<>();
        Map<String, String> fileSecrets = secrets(root.get("secrets"), "secrets", secretErrors);
        secretErrors.forEach(p -> problems.add(LoadProblem.of(display, p)));
        List<CaseLocations.At> starts = CaseLocations.of(bytes);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            List<String> errors = new ArrayList<>();
            PolicyCase parsedCase = parseCase(i, list.get(i), trigger, names, errors, fileSecrets);
            if (errors.isEmpty()) {
                cases.add(parsedCase);
            } else {
                CaseLocations.At at = i < starts.size() ? starts.get(i) : null;
                String label = "cases[" + i + "]" + nameOf(list.get(i)).map(n -> " \"" + n + "\"").orElse("");
                problems.add(new LoadProblem(display, at == null ? null : at.line(), at == null ? null : at.column(),
                        label + ": " + String.join("; ", errors)));
            }
        }
        return new CaseFile(file, display, trigger, policy, cases, problems);
    }

    private PolicyCase parseCase(int index, JsonNode node, Trigger trigger, Set<String> names, List<String> errors,
            Map<String, String> fileSecrets) {
        if (!node.isObject()) {
            errors.add("must be an object {\"name\", \"payload\", \"expect\"}");
            return null;
        }
        errors.addAll(unknown(node, CASE_FIELDS, ""));
        Optional<String> name = nameOf(node);
        if (name.isEmpty()) {
            errors.add("name: required, a non-empty string");
        } else if (!names.add(name.get())) {
            errors.add("name: another case in this file has the same name");
        }
        JsonNode payload = payload(node.get("payload"), node.get("patch"), trigger, errors);
        Expectation expect = expectation(node.get("expect"), errors);
        Map<String, String> secrets = new TreeMap<>(fileSecrets);
        secrets.putAll(secrets(node.get("secrets"), "secrets", errors));
        return errors.isEmpty() ? new PolicyCase(index, name.get(), payload, expect, secrets) : null;
    }

    /** {@code "secrets": {"NAME": "value"}}: what event.secrets holds for these cases, over the environment's. */
    private static Map<String, String> secrets(JsonNode node, String field, List<String> errors) {
        Map<String, String> out = new TreeMap<>();
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            errors.add(field + ": must be an object of secret names to string values, like {\"API_KEY\": \"test-key\"}");
            return out;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                errors.add(field + "." + entry.getKey() + ": not a valid secret name (letters, digits, _)");
            } else if (!entry.getValue().isTextual()) {
                errors.add(field + "." + entry.getKey() + ": must be a string, as Auth0 secrets are");
            } else {
                out.put(entry.getKey(), entry.getValue().textValue());
            }
        }
        return out;
    }

    private JsonNode payload(JsonNode field, JsonNode patch, Trigger trigger, List<String> errors) {
        JsonNode payload;
        if (field == null || field.isNull()) {
            errors.add("payload: required, a file such as \"payloads/" + trigger.folder() + ".json\" or an inline object");
            return null;
        } else if (field.isTextual()) {
            PayloadFiles.Loaded loaded = payloads.load(field.asText());
            if (loaded.problem() != null) {
                errors.add(loaded.problem());
                return null;
            }
            payload = loaded.payload();
        } else if (field.isObject()) {
            payload = field;
        } else {
            errors.add("payload: must be a file path (string) or an inline object");
            return null;
        }
        if (patch != null) {
            if (!patch.isObject()) {
                errors.add("patch: must be an object (a JSON merge patch)");
                return null;
            }
            payload = MergePatch.apply(payload, patch);
        }
        // The same checks /v1/intercept makes: a case must test a request the service would accept.
        PayloadCheck.Result<Trigger> named = PayloadCheck.trigger(payload);
        if (named.error().isPresent()) {
            errors.add("payload." + named.error().get());
            return null;
        }
        if (named.value().get() != trigger) {
            errors.add("payload.trigger_point: " + named.value().get().wireName() + " in the folder of "
                    + trigger.wireName());
            return null;
        }
        PayloadCheck.problems(trigger, payload).forEach(p -> errors.add("payload." + p));
        return payload;
    }

    private static Expectation expectation(JsonNode node, List<String> errors) {
        if (node == null || !node.isObject()) {
            errors.add("expect: required, an object such as {\"decision\": \"ALLOW\"}");
            return null;
        }
        errors.addAll(unknown(node, EXPECT_FIELDS, "expect."));
        JsonNode decisionField = node.get("decision");
        Optional<Verdict> decision = decisionField != null && decisionField.isTextual()
                ? Verdict.fromWire(decisionField.asText()) : Optional.empty();
        if (decisionField == null || decisionField.isNull()) {
            errors.add("expect.decision: required, \"ALLOW\" or \"DENY\"");
        } else if (decision.isEmpty()) {
            errors.add("expect.decision: must be \"ALLOW\" or \"DENY\" (upper case), not " + decisionField);
        }
        Check<String> error = errorCheck(node, errors);
        Check<JsonNode> response = responseCheck(node, errors);
        Optional<FailureCode> failure = failure(node.get("failure"), errors);
        if (decision.isEmpty()) {
            return null;
        }
        // Expectations no answer can meet are mistakes in the case, not failures of the policy.
        if (decision.get() == Verdict.ALLOW && error.value().isPresent()) {
            errors.add("expect.error: only a DENY carries an error message");
        }
        if (decision.get() == Verdict.DENY && response.value().isPresent()) {
            errors.add("expect.response: only an ALLOW carries a response");
        }
        if (failure.isPresent() && decision.get() != Verdict.DENY) {
            errors.add("expect.failure: a failing policy is answered with DENY (on-error=deny)");
        }
        return new Expectation(decision.get(), error, response, failure, node);
    }

    /** {@code "error": {"message": "…"}} as on the wire, or just the message; null: none. */
    private static Check<String> errorCheck(JsonNode expect, List<String> errors) {
        if (!expect.has("error")) {
            return Check.unchecked();
        }
        JsonNode error = expect.get("error");
        if (error.isNull()) {
            return Check.absent();
        }
        if (error.isTextual()) {
            return Check.of(error.asText());
        }
        if (error.isObject() && error.size() == 1 && error.path("message").isTextual()) {
            return Check.of(error.get("message").asText());
        }
        errors.add("expect.error: must be {\"message\": \"…\"}, a string, or null");
        return Check.unchecked();
    }

    private static Check<JsonNode> responseCheck(JsonNode expect, List<String> errors) {
        if (!expect.has("response")) {
            return Check.unchecked();
        }
        JsonNode response = expect.get("response");
        if (response.isNull()) {
            return Check.absent();
        }
        if (!response.isObject()) {
            errors.add("expect.response: must be an object (the wire response) or null");
            return Check.unchecked();
        }
        return Check.of(response);
    }

    private static Optional<FailureCode> failure(JsonNode field, List<String> errors) {
        if (field == null) {
            return Optional.empty();
        }
        Optional<FailureCode> code = Arrays.stream(FailureCode.values())
                .filter(c -> field.isTextual() && c.code().equals(field.asText())).findFirst();
        if (code.isEmpty()) {
            errors.add("expect.failure: must be one of " + FAILURE_CODES);
        }
        return code;
    }

    private static List<String> unknown(JsonNode node, List<String> known, String prefix) {
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(prefix + name + ": unknown field (expected " + String.join(", ", known) + ")");
            }
        }
        return problems;
    }

    private static Optional<String> nameOf(JsonNode node) {
        JsonNode name = node == null ? null : node.get("name");
        return name != null && name.isTextual() && !name.asText().isBlank() ? Optional.of(name.asText()) : Optional.empty();
    }

    private static byte[] read(Path file, String display, List<LoadProblem> problems) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                problems.add(LoadProblem.of(display, "larger than " + MAX_BYTES / 1024 + " KiB"));
                return null;
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            problems.add(LoadProblem.of(display, "cannot be read: " + e.getMessage()));
            return null;
        }
    }
}
