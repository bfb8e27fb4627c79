package io.interlock.engine;

/**
 * Why an evaluation could not produce a decision. {@code policy}, {@code line} and
 * {@code column} are null when the engine does not know them.
 */
public record Failure(FailureCode code, String message, String policy, Integer line, Integer column) {

    static Failure of(FailureCode code, String policy, String message) {
        return new Failure(code, message, policy, null, null);
    }

    /** {@code policies/pre-signup/10-domains.js:12:7: message}, the form every tool prints. */
    public String located() {
        if (policy == null) {
            return message;
        }
        if (line == null) {
            return policy + ": " + message;
        }
        return policy + ":" + line + ":" + (column == null ? 1 : column) + ": " + message;
    }
}
