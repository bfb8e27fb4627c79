package io.interlock.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.engine.EngineSettings;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PolicyTrace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 24 item 7: published Auth0 Actions by others (src/test/survey/, each file as published, with
 * the license of its source beside it), run unchanged by the test command's own code with cases that
 * say what a reader of each expects; the outcome of each is recorded in docs/auth0-actions.md. The npm
 * packages they require are installed from the committed lock file (npm ci), never committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishedActionsTest {

    static final Path SURVEY = Path.of("src/test/survey");

    /**
     * What each Action's run must leave in the trace: the notes that name what the platform cannot
     * supply, for the Actions that do not run exactly as their authors meant (docs/auth0-actions.md).
     */
    static final Map<String, List<String>> NOTES = Map.of(
            "marketplace-active-directory-groups.js", List.of("event.user.groups is not provided by the platform"),
            "marketplace-add-country.js", List.of("event.request.geoip.timeZone is not in this request's payload"),
            "marketplace-add-email-to-access-token.js", List.of("the claim \"email\" was not added: the platform reserves that name"),
            "marketplace-check-last-password-reset.js", List.of("event.user.last_password_reset is not provided by the platform"),
            "marketplace-querystring.js", List.of("event.request.query.[secret QUERY_KEY] is not provided by the platform"),
            "marketplace-track-consent.js", List.of("api.user.setUserMetadata(\"consentGiven\", true) is not applicable"),
            "marketplace-creates-lead-salesforce.js", List.of("api.user.setAppMetadata(\"recordedAsLead\", true) is not applicable"),
            "gallery-pre-reg-fetch-customer_id.js", List.of("api.user.setAppMetadata(\"customer_id\", \"cus_42\") is not applicable"));

    private Report report;

    @BeforeAll
    void installAndRun() throws IOException, InterruptedException {
        if (!Files.isDirectory(SURVEY.resolve("node_modules/axios"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SURVEY.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(npm.waitFor(5, TimeUnit.MINUTES), "npm ci did not finish");
            assertEquals(0, npm.exitValue(), "npm ci in " + SURVEY + " failed (.ci/run installs npm):\n" + output);
        }
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults())) {
            report = new CaseRunner(engine).run(SURVEY);
        }
    }

    @Test
    void everyActionLoadsAndEveryCasePasses() {
        assertEquals(List.of(), report.loadErrors());
        String failed = report.results().stream().filter(r -> !r.passed())
                .map(r -> r.file() + " › " + r.name() + ": " + r.mismatches()).collect(Collectors.joining("\n"));
        assertEquals("", failed);
        assertTrue(report.results().size() >= 36, () -> report.results().size() + " cases");
    }

    @Test
    void whatThePlatformCannotSupplyIsNamedInTheTrace() {
        NOTES.forEach((file, notes) -> notes.forEach(note -> assertTrue(
                report.notes().stream().anyMatch(line -> line.contains(file) && line.contains(note)),
                () -> file + " lacks the note '" + note + "' in " + report.notes())));
    }

    /** The Salesforce lead is created through fetch() with a FormData body, as the template does it in Node. */
    @Test
    void theSalesforceLeadIsSentThroughFetch() {
        CaseResult lead = report.results().stream().filter(r -> r.file().contains("creates-lead-salesforce")).findFirst().orElseThrow();
        List<String> calls = lead.trace().stream().flatMap(t -> t.fetches().stream()).map(c -> c.method() + " " + c.host() + " " + c.status())
                .toList();
        // the host is one of the Action's secrets, so the record names the secret, not the host
        assertEquals(List.of("POST [secret SALESFORCE_DOMAIN] 200", "POST [secret SALESFORCE_DOMAIN] 201"), calls);
        assertTrue(lead.trace().stream().map(PolicyTrace::outcome).allMatch(o -> o == PolicyTrace.Outcome.ALLOW));
    }
}
