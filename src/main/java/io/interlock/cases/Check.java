package io.interlock.cases;

import java.util.Optional;

/**
 * What a case expects of one optional part of the answer. Three states, because "not
 * mentioned" (anything goes) and {@code null} (must be absent) mean different things to an
 * author: {@code "response": null} asserts that an ALLOW adds nothing.
 */
public record Check<T>(boolean checked, Optional<T> value) {

    public static <T> Check<T> unchecked() {
        return new Check<>(false, Optional.empty());
    }

    public static <T> Check<T> absent() {
        return new Check<>(true, Optional.empty());
    }

    public static <T> Check<T> of(T value) {
        return new Check<>(true, Optional.of(value));
    }
}
