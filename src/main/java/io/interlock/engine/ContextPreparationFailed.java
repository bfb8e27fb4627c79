package io.interlock.engine;

/** A context for a chain could not be prepared; carries the failure the evaluation reports. */
final class ContextPreparationFailed extends RuntimeException {

    private final transient Failure failure;

    ContextPreparationFailed(Failure failure) {
        super(failure.located(), null, false, false);
        this.failure = failure;
    }

    Failure failure() {
        return failure;
    }
}
