package io.interlock.log;

/** A query parameter the decision log cannot use; the message names it: {@code limit: must be ...}. */
final class BadQuery extends RuntimeException {
    BadQuery(String parameter, String problem) {
        super(parameter + ": " + problem, null, false, false);
    }
}
