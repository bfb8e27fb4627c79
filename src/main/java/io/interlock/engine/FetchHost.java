package io.interlock.engine;

import org.graalvm.polyglot.HostAccess;

/**
 * The host side of the guest's {@code fetch()}: handed to the harness once per context, before the
 * lockdown, and kept in the harness's closure, out of policies' reach. It holds no state of its
 * own: each evaluation's calls go to that evaluation's {@link FetchSession}, set when the
 * evaluation begins and cleared when it ends, so nothing of one evaluation's calls (count,
 * record, test answers) is there for the next.
 */
public final class FetchHost {

    private FetchSession session;

    /** The guest's request as JSON in, the response or the error as JSON out; blocks for the exchange. */
    @HostAccess.Export
    public String fetch(String request) {
        FetchSession current = session;
        if (current == null) {
            return "{\"error\":\"fetch: no request can be made outside an evaluation\"}";
        }
        return current.call(request);
    }

    void use(FetchSession evaluation) {
        this.session = evaluation;
    }
}
