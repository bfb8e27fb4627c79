package io.interlock.policy;

/** A file or folder that could not be loaded; {@code line}/{@code column} when known. */
public record LoadProblem(String file, Integer line, Integer column, String message) {

    public static LoadProblem of(String file, String message) {
        return new LoadProblem(file, null, null, message);
    }

    /** {@code file:line:column: message}, the one form every tool prints. */
    public String located() {
        if (line == null) {
            return file + ": " + message;
        }
        return file + ":" + line + ":" + (column == null ? 1 : column) + ": " + message;
    }
}
