package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * {@code error}: an object holding only {@code message}, the text the platform shows the end
 * user. {@code error: {}} is refused: an error object without a message is almost always a
 * policy bug, and leaving {@code error} out already yields the platform's generic text.
 */
final class ErrorRules {
    private static final String PATH = "error";
    private static final String MESSAGE_PATH = "error.message";

    private ErrorRules() {}

    static Optional<String> check(JsonNode error, int maxLength, Violations violations) {
        if (!error.isObject()) {
            violations.add(PATH, "must be an object");
            return Optional.empty();
        }
        Fields.refuseUnknown(error, Set.of("message"), PATH, violations);
        JsonNode message = error.get("message");
        if (Text.isAbsent(message)) {
            violations.add(MESSAGE_PATH, "required");
            return Optional.empty();
        }
        if (!message.isTextual()) {
            violations.add(MESSAGE_PATH, "must be a string");
            return Optional.empty();
        }
        return checkText(message.textValue(), maxLength, violations);
    }

    private static Optional<String> checkText(String text, int maxLength, Violations violations) {
        int before = violations.count();
        if (text.isBlank()) {
            violations.add(MESSAGE_PATH, "must not be blank");
        }
        if (Text.length(text) > maxLength) {
            violations.add(MESSAGE_PATH, "longer than " + maxLength + " characters");
        }
        Text.firstForbidden(text, true).ifPresent(rule -> violations.add(MESSAGE_PATH, rule));
        return violations.count() == before ? Optional.of(text) : Optional.empty();
    }
}
