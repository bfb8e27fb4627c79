package io.interlock.config;

/** What INTERLOCK_ADMIN_TOKEN must be; the message never repeats the token. */
final class AdminTokens {

    /** 16 characters of a random hex or base64 string are 64 to 96 bits: not guessable over HTTP. */
    static final int MIN_LENGTH = 16;

    private AdminTokens() {}

    static boolean acceptable(String token) {
        return token.length() >= MIN_LENGTH && token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    static String problem(String token) {
        String why = token.length() < MIN_LENGTH
                ? "is " + token.length() + " characters long, fewer than " + MIN_LENGTH
                : "holds a space, a control character or a non-ASCII character, which an Authorization header cannot carry";
        return Settings.ADMIN_TOKEN.env() + " " + why + "; use a random token, e.g. the output of: openssl rand -hex 32";
    }
}
