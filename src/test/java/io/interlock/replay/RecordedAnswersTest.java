package io.interlock.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.fetch.DeclaredAnswers;
import io.interlock.fetch.FetchRequest;
import io.interlock.fetch.FetchResult;
import io.interlock.fetch.Outbound;
import io.interlock.log.StoredDecisions.RecordedFetch;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A replayed call's fetch() answers: recorded first, then declared, never the network; what makes it inexact is said. */
class RecordedAnswersTest {

    static final Outbound.Budget BUDGET = new Outbound.Budget(Duration.ofSeconds(1), false);

    static RecordedFetch answer(String url, String body, boolean masked) {
        return new RecordedFetch("10-p.js", "GET", url, 200, "OK", "application/json", body, false, null, masked);
    }

    static Stream<Arguments> calls() {
        List<RecordedFetch> recorded = List.of(
                answer("https://risk.example/score?user=usr_1", "{\"score\":10}", false),
                answer("https://lookup.example/user?email=j***@acme.example", "{\"score\":20}", true),
                new RecordedFetch("10-p.js", "GET", "https://down.example/", 0, "", null, "", false, "fetch GET down.example: timed out", false));
        DeclaredAnswers declared = new DeclaredAnswers(List.of(new DeclaredAnswers.Answer("GET",
                URI.create("https://new.example/flag"), 200, "OK", List.of(), "{\"on\":true}".getBytes(StandardCharsets.UTF_8), null)));
        return Stream.of(
                // the same URL: its answer, exact
                Arguments.of(recorded, declared, "https://risk.example/score?user=usr_1", "200 {\"score\":10}", ""),
                // a URL that held a masked address: the host's next unused answer, masked
                Arguments.of(recorded, declared, "https://lookup.example/user?email=john@acme.example", "200 {\"score\":20}",
                        "answer was masked"),
                // a call that failed fails again as it did
                Arguments.of(recorded, declared, "https://down.example/", "declared_error fetch GET down.example: timed out", ""),
                // a call the change adds: the declared answer
                Arguments.of(recorded, declared, "https://new.example/flag", "200 {\"on\":true}", ""),
                // neither: a failure in the policy, and a doubt
                Arguments.of(recorded, declared, "https://other.example/", "not_declared", "not recorded nor declared"));
    }

    @ParameterizedTest
    @MethodSource("calls")
    void aCallIsAnsweredFromTheRecordThenTheDeclaredAnswers(List<RecordedFetch> recorded, DeclaredAnswers declared, String url,
            String expected, String doubt) {
        RecordedAnswers answers = new RecordedAnswers(recorded, declared);
        FetchResult result = answers.send(FetchRequest.parse("{\"url\": \"" + url + "\"}", 1024).request(), BUDGET);
        String got = result instanceof FetchResult.Response r ? r.status() + " " + new String(r.body(), StandardCharsets.UTF_8)
                : ((FetchResult.Failed) result).error().code() + (expected.contains(" ") ? " " + ((FetchResult.Failed) result).message() : "");
        assertEquals(expected, got);
        if (doubt.isEmpty()) {
            assertEquals(List.of(), answers.doubts());
        } else {
            assertTrue(answers.doubts().size() == 1 && answers.doubts().get(0).contains(doubt), answers.doubts().toString());
        }
    }
}
