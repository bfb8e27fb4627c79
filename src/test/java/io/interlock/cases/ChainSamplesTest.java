package io.interlock.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.engine.Sample;
import io.interlock.fetch.DeclaredAnswers;
import io.interlock.trigger.Trigger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 23 items 2 and 6: what a chain is tried on and warmed with, from its own folder. */
class ChainSamplesTest {

    @Test
    void casesWithTheirAnswersThenPayloadFilesThenTheSeedPayload(@TempDir Path dir) {
        Path root = PolicyFolders.folder()
                .with("payloads/other.json", PolicyFolders.SIGNUP.replace("ann@", "bob@"))
                .with("payloads/session.json", "{\"trigger_point\": \"PRE_SESSION_CREATION\"}")
                .cases("pre-signup/cases.json",
                        "{\"name\": \"ann\", \"payload\": \"payloads/signup.json\", \"expect\": {\"decision\": \"ALLOW\"},"
                                + " \"fetch\": [{\"url\": \"https://billing.example.com/seat\", \"json\": {\"plan\": \"pro\"}}]}",
                        "{\"name\": \"a failure on purpose\", \"payload\": \"payloads/signup.json\","
                                + " \"patch\": {\"interceptor_context\": {\"user_email\": \"loop@acme.test\"}},"
                                + " \"expect\": {\"decision\": \"DENY\", \"failure\": \"policy_timeout\"}}")
                .writeTo(dir);
        List<Sample> samples = ChainSamples.of(root, Trigger.PRE_SIGNUP);
        assertEquals(List.of("pre-signup/cases.json \"ann\"", "payloads/other.json", "the seed payload of PRE_SIGNUP"),
                samples.stream().map(Sample::name).toList(),
                "the case about a failure fails on purpose; payloads/signup.json is the case's; session.json another trigger's");
        assertTrue(samples.get(0).fetch() instanceof DeclaredAnswers, "the case's declared answers, never the network");
    }

    @Test
    void theShippedPoliciesGiveEachChainItsCasesUpToTheCap() {
        for (Trigger trigger : Trigger.values()) {
            List<Sample> samples = ChainSamples.of(Path.of("policies"), trigger);
            assertTrue(samples.size() > 3 && samples.size() <= ChainSamples.MAX, trigger + ": " + samples.size());
            assertTrue(samples.get(0).name().startsWith(trigger.folder() + "/"), samples.get(0).name());
        }
    }
}
