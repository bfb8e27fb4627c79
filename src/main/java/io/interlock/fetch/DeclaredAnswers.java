package io.interlock.fetch;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The answers a test case declares for the calls its policies make, so the test command runs
 * without a network: a call is answered by the first declaration with its method and URL (scheme
 * and host compared in any case, a default port and an empty path as absent), any number of
 * times. A call nothing declares fails in the policy with {@code not_declared}, and the case
 * fails naming it. Declarations are answered as written: a 3xx is not followed, and
 * INTERLOCK_FETCH_ALLOW does not apply (it belongs to the deployment, not to the policy's logic).
 */
public final class DeclaredAnswers implements Outbound {

    /** One declaration: {@code error} set for a call that fails, else the response. */
    public record Answer(String method, URI url, int status, String statusText, List<HttpHeader> headers, byte[] body,
            String error) {
        public Answer {
            method = method.toUpperCase(Locale.ROOT);
            headers = List.copyOf(headers);
        }

        boolean answers(FetchRequest request) {
            return method.equals(request.method().toUpperCase(Locale.ROOT)) && key(url).equals(key(request.url()));
        }
    }

    private final List<Answer> answers;

    public DeclaredAnswers(List<Answer> answers) {
        this.answers = List.copyOf(answers);
    }

    /** A declared URL as a call's would be checked; throws with the reason when no call could have it. */
    public static URI url(String text) {
        try {
            return FetchRequest.url(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^fetch: ", ""));
        }
    }

    @Override
    public FetchResult send(FetchRequest request, Budget budget) {
        for (Answer answer : answers) {
            if (answer.answers(request)) {
                if (answer.error() != null) {
                    return FetchResult.failed(FetchError.DECLARED_ERROR,
                            "fetch " + request.method() + " " + request.host() + ": " + answer.error());
                }
                return new FetchResult.Response(answer.status(), answer.statusText(), answer.headers(), answer.body(),
                        request.url(), false, null);
            }
        }
        return FetchResult.failed(FetchError.NOT_DECLARED, "fetch " + request.method() + " " + request.url()
                + ": no answer is declared for this call (add it to the case's \"fetch\" list)");
    }

    /** What two URLs must share to be the same call. */
    private static String key(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + FetchRequest.hostLabel(url) + path + query;
    }
}
