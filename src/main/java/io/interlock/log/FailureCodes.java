package io.interlock.log;

import io.interlock.engine.FailureCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Every failure code a decision event can carry, in one list: the engine's, then the two for
 * calls no policy decided. The decision log writes them, {@code GET /v1/decisions?failure=}
 * accepts exactly these, and the playground offers them from {@code GET /v1/decisions/filters},
 * so a code that is logged is always one that can be filtered on.
 */
public final class FailureCodes {

    /** Every worker was busy, so no policy ran (the call was answered 503). */
    public static final String OVERLOADED = "overloaded";
    /** A malformed call from an authenticated caller (answered 400). */
    public static final String BAD_REQUEST = "bad_request";

    public static final List<String> ALL = all();

    private FailureCodes() {}

    private static List<String> all() {
        List<String> codes = new ArrayList<>();
        for (FailureCode code : FailureCode.values()) {
            codes.add(code.code());
        }
        codes.add(OVERLOADED);
        codes.add(BAD_REQUEST);
        return List.copyOf(codes);
    }
}
