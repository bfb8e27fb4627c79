package io.interlock.replay;

import io.interlock.fetch.DeclaredAnswers;
import io.interlock.fetch.FetchError;
import io.interlock.fetch.FetchRequest;
import io.interlock.fetch.FetchResult;
import io.interlock.fetch.HttpHeader;
import io.interlock.fetch.Outbound;
import io.interlock.log.StoredDecisions.RecordedFetch;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A replayed call's fetch() answers: what the original call got (its replay record), else the
 * declared answers (the {@code --fetch} file, in a cases file's format), else a failure
 * ({@code not_declared}). Never the network. A recorded answer matches a call by method and URL;
 * failing that, by method and host in the order the calls were made, since a URL may have held a
 * masked address or a redacted secret. What makes the replay inexact is noted: an answer that
 * was masked or cut when stored, or a call nothing answered.
 */
final class RecordedAnswers implements Outbound {

    private final List<RecordedFetch> recorded;
    private final boolean[] used;
    private final DeclaredAnswers declared;
    private final Set<String> doubts = new LinkedHashSet<>();

    RecordedAnswers(List<RecordedFetch> recorded, DeclaredAnswers declared) {
        this.recorded = List.copyOf(recorded);
        this.used = new boolean[recorded.size()];
        this.declared = declared;
    }

    @Override
    public synchronized FetchResult send(FetchRequest request, Budget budget) {
        int i = match(request);
        if (i < 0) {
            FetchResult answer = declared.send(request, budget);
            if (answer instanceof FetchResult.Failed failed && failed.error() == FetchError.NOT_DECLARED) {
                doubts.add("fetch " + request.method() + " " + request.host() + " was not recorded nor declared");
                return FetchResult.failed(FetchError.NOT_DECLARED, "fetch " + request.method() + " " + request.host()
                        + ": not recorded with this decision and not declared (replay --fetch FILE)");
            }
            return answer;
        }
        used[i] = true;
        RecordedFetch r = recorded.get(i);
        if (r.masked() || r.cut()) {
            doubts.add("fetch " + request.method() + " " + request.host() + " answer was " + (r.cut() ? "cut" : "masked")
                    + " when stored");
        }
        if (r.error() != null) {
            return FetchResult.failed(FetchError.DECLARED_ERROR, r.error());
        }
        List<HttpHeader> headers = r.contentType() == null ? List.of() : List.of(new HttpHeader("content-type", r.contentType()));
        return new FetchResult.Response(r.status(), r.statusText(), headers, r.body().getBytes(StandardCharsets.UTF_8),
                request.url(), false, null);
    }

    /** Why this replay may not be what the original call did; empty when every call was answered as it was. */
    synchronized List<String> doubts() {
        return new ArrayList<>(doubts);
    }

    private int match(FetchRequest request) {
        String method = request.method().toUpperCase(Locale.ROOT);
        String url = request.url().toString();
        for (int i = 0; i < recorded.size(); i++) {
            if (recorded.get(i).method().equalsIgnoreCase(method) && recorded.get(i).url().equals(url)) {
                return i;
            }
        }
        String host = request.url().getHost();
        for (int i = 0; i < recorded.size(); i++) {
            if (!used[i] && recorded.get(i).method().equalsIgnoreCase(method) && host != null
                    && host.equalsIgnoreCase(hostOf(recorded.get(i).url()))) {
                return i;
            }
        }
        return -1;
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }
}
