package io.interlock.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End-to-end test of the playground page in a real browser (Debian's {@code /usr/bin/chromium}
 * driven through {@code /usr/bin/chromedriver}; Selenium Manager is never asked for anything because
 * the driver executable is given explicitly).
 *
 * <p>It runs against the embedded Interlock server ({@code GET /} serving {@code playground/} and
 * {@code /webjars/**}, plus {@code /v1/evaluate}, {@code /v1/policies}, {@code /v1/decisions}). The
 * policies folder is pointed at a temporary folder with one known policy per trigger
 * ({@code interlock.policies}, i.e. {@code INTERLOCK_POLICIES}). To drive another running Interlock
 * instead, pass {@code -Dinterlock.playground.base-url=http://127.0.0.1:8080/}. Without chromium and
 * chromedriver installed ({@code apt-get install chromium chromium-driver}) the test is skipped, unless
 * {@code -Dinterlock.playground.require-browser=true}. Screenshots: {@code target/screenshots/*.png}.
 *
 * <p>Stable element ids the test relies on (ids and {@code data-testid} are the same word):
 * <ul>
 *   <li>{@code body[data-ready=true]} once the page has started; {@code body[data-editor]} = monaco | textarea</li>
 *   <li>{@code tab-playground}, {@code tab-decisions} (view tabs); {@code view-playground}, {@code view-decisions}</li>
 *   <li>{@code trigger-select}, {@code run-button} (also Ctrl/Cmd+Enter), {@code cancel-button}, {@code run-status},
 *       {@code spinner}</li>
 *   <li>{@code payload-editor}, {@code payload-error} (with {@code data-line}), {@code payload-reset}</li>
 *   <li>{@code policy-tabs}; chain files: {@code [data-testid=policy-tab][data-file=NAME]}; the draft:
 *       {@code [data-testid=policy-tab-draft]}; {@code policy-editor}, {@code edit-copy}, {@code new-policy},
 *       {@code draft-name}, {@code draft-alone}, {@code draft-info}</li>
 *   <li>{@code decision-badge} (text and {@code data-decision} = ALLOW | DENY), {@code failure},
 *       {@code failure-code}, {@code failure-message}, {@code request-error}, {@code wire-response},
 *       {@code trace} with {@code [data-testid=trace-entry][data-policy][data-outcome]}, and in an entry its
 *       fetch() calls, {@code [data-testid=trace-fetch-call][data-outcome]} (HTTP status or error code)</li>
 *   <li>{@code share-button}, {@code share-url}</li>
 *   <li>{@code filter-decision} (and the other {@code filter-*}), {@code auto-refresh}, {@code decisions-body} with
 *       {@code [data-testid=decision-row][data-id][data-decision]} and {@code [data-testid=decision-open]},
 *       {@code decision-detail}, {@code open-in-playground}, {@code load-more}</li>
 *   <li>{@code token-input}, {@code token-save} (shown on 401/403)</li>
 *   <li>{@code replay-count}, {@code replay-button}, {@code replay-status}, {@code replay-kinds} with
 *       {@code [data-kind]}, {@code replay-uncertain}, {@code replay-changes} with
 *       {@code [data-testid=replay-change][data-id]}, {@code replay-compare}, {@code replay-original},
 *       {@code replay-replayed}, {@code replay-differences}</li>
 *   <li>{@code window.interlock.playground}: a scripting handle ({@code markers()}, {@code getDraft()},
 *       {@code setPayloadText()}, {@code policyEditor}), used where typing into a code editor would only test
 *       the editor's auto-closing of brackets</li>
 * </ul>
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaygroundBrowserTest implements TestPropertyProvider {

    private static final String CHROMIUM = System.getProperty("interlock.playground.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER =
            System.getProperty("interlock.playground.chromedriver", "/usr/bin/chromedriver");
    /**
     * How long to wait for a state the page must reach. Generous because a busy machine can take
     * many seconds to parse Monaco or answer a run; a wait returns as soon as the state is there.
     */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration RUN_WAIT = Duration.ofSeconds(90);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** One policy per trigger; the decisions they give for the seed sample payloads. */
    private static final Map<String, String[]> POLICIES = Map.of(
            "pre-signup", new String[] {"10-it-domain.js", """
                    export default (ctx) => {
                      const email = ctx.interceptor_context.user_email || '';
                      console.log('sign-up from', email);
                      if (!email.endsWith('@acmecorp.com')) {
                        return { decision: 'DENY', error: { message: 'Only @acmecorp.com may sign up.' } };
                      }
                      return { decision: 'ALLOW' };
                    };
                    """},
            "pre-session-creation", new String[] {"10-it-claims.js", """
                    export default async (ctx) => {
                      // refused: the test server allows no host; the trace lists the call
                      await fetch('https://billing.example.com/v1/seats').catch(() => null);
                      return { decision: 'ALLOW', response: { claims: { data_region: 'us-west-2' } } };
                    };
                    """},
            "pre-user-invitation", new String[] {"10-it-internal.js", """
                    export default (ctx) => {
                      const email = ctx.interceptor_context.user_email || '';
                      if (!email.endsWith('@acmecorp.com')) {
                        return { decision: 'DENY', error: { message: 'Invite @acmecorp.com addresses only.' } };
                      }
                      return { decision: 'ALLOW' };
                    };
                    """},
            "pre-m2m-token-creation", new String[] {"10-it-scope.js", """
                    export default (ctx) => ({
                      decision: 'ALLOW',
                      response: { claims: { scope: 'read:deployments', aud: 'https://api.acmecorp.com' } },
                    });
                    """});

    /** A helper of policies/lib/, which the playground shows read-only and a draft imports (issue 28). */
    private static final String HELPER = "export const greeting = (email) => 'hello ' + email.split('@')[1];\n";

    /** Trigger, its folder, and the decision the policies above give for its sample payload. */
    private static final List<String[]> TRIGGERS = List.of(
            new String[] {"PRE_SIGNUP", "pre-signup", "ALLOW"},
            new String[] {"PRE_SESSION_CREATION", "pre-session-creation", "ALLOW"},
            new String[] {"PRE_USER_INVITATION", "pre-user-invitation", "DENY"},
            new String[] {"PRE_M2M_TOKEN_CREATION", "pre-m2m-token-creation", "ALLOW"});

    @Inject
    EmbeddedServer server;

    private Path policiesDir;
    private Path profileDir;
    private WebDriver driver;
    private WebDriverWait wait;
    private String baseUrl;

    @Override
    public Map<String, String> getProperties() {
        try {
            policiesDir = Files.createTempDirectory("interlock-it-policies");
            for (Map.Entry<String, String[]> e : POLICIES.entrySet()) {
                Path folder = Files.createDirectories(policiesDir.resolve(e.getKey()));
                Files.writeString(folder.resolve(e.getValue()[0]), e.getValue()[1]);
            }
            Files.writeString(Files.createDirectories(policiesDir.resolve("lib")).resolve("greeting.js"), HELPER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Payloads are kept (masked), so decisions can be replayed in the playground. The time
        // limit is the test servers' 30 s (application-test.yml), so only the endless loop meets it.
        return Map.of("interlock.policies", policiesDir.toString(), "interlock.log-payloads", "true",
                // signed real calls, for the replay panel to replay
                "interlock.signing-secrets", io.interlock.testing.Signer.SECRET);
    }

    @BeforeAll
    void startBrowser() throws IOException {
        boolean available = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!Boolean.getBoolean("interlock.playground.require-browser")) {
            Assumptions.assumeTrue(available,
                    "chromium/chromedriver not installed (apt-get install chromium chromium-driver); browser test skipped");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        profileDir = Files.createTempDirectory("interlock-it-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--window-size=1366,768", "--user-data-dir=" + profileDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = waitUpTo(WAIT);
        String override = System.getProperty("interlock.playground.base-url");
        baseUrl = override != null && !override.isBlank() ? override : server.getURL().toString() + "/";
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        for (Path dir : new Path[] {profileDir, policiesDir}) {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    @Order(1)
    void pageLoadsWithEditorSamplesAndChain() {
        openPage(baseUrl);
        assertEquals("monaco", driver.findElement(By.tagName("body")).getAttribute("data-editor"),
                "the Monaco editor should load from /webjars/monaco-editor/…");
        assertEquals("PRE_SIGNUP", new Select(byId("trigger-select")).getFirstSelectedOption().getAttribute("value"));
        assertTrue(payloadText().contains("\"trigger_point\": \"PRE_SIGNUP\""), "the PRE_SIGNUP sample payload is shown");
        waitForChainFile("10-it-domain.js");
        assertTrue(byId("view-playground").isDisplayed());
        assertFalse(byId("view-decisions").isDisplayed());
        screenshot("01-loaded");
    }

    @Test
    @Order(2)
    void eachTriggerRunsItsChain() {
        openPage(baseUrl);
        for (String[] t : TRIGGERS) {
            String trigger = t[0];
            String expected = t[2];
            new Select(byId("trigger-select")).selectByValue(trigger);
            wait.until(d -> payloadText().contains("\"trigger_point\": \"" + trigger + "\""));
            String file = POLICIES.get(t[1])[0];
            waitForChainFile(file);
            if (trigger.equals("PRE_USER_INVITATION")) {
                // the keyboard shortcut instead of the button
                byId("trigger-select").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
            } else {
                byId("run-button").click();
            }
            String decision = waitForDecision();
            assertEquals(expected, decision, trigger + ": decision badge");
            assertEquals(expected, byId("decision-badge").getText().trim());
            assertTrue(byId("wire-response").getText().contains("\"decision\": \"" + expected + "\""),
                    trigger + ": the wire response shows the decision");
            WebElement entry = byCss("[data-testid=trace-entry][data-policy='" + file + "']");
            assertEquals(expected.toLowerCase(), entry.getAttribute("data-outcome"), trigger + ": trace outcome");
            screenshot("02-run-" + t[1]);
        }
        // the fetch() calls a policy made are listed under it, with their outcome
        new Select(byId("trigger-select")).selectByValue("PRE_SESSION_CREATION");
        waitForChainFile("10-it-claims.js");
        byId("run-button").click();
        waitForDecision();
        String call = "[data-testid=trace-entry][data-policy='10-it-claims.js'] [data-testid=trace-fetch-call]";
        wait.until(d -> byCss(call).getText().contains("GET billing.example.com"));
        assertEquals("not_allowed", byCss(call).getAttribute("data-outcome"));
        assertTrue(byCss(call).getText().contains("is not an allowed host (INTERLOCK_FETCH_ALLOW is empty"), byCss(call).getText());
        // console output of the PRE_SIGNUP policy is in its trace
        new Select(byId("trigger-select")).selectByValue("PRE_SIGNUP");
        byId("run-button").click();
        waitForDecision();
        wait.until(d -> byCss("[data-testid=trace-entry][data-policy='10-it-domain.js']").getText()
                .contains("sign-up from john.doe@acmecorp.com"));
    }

    @Test
    @Order(3)
    void invalidPayloadJsonShowsLineAndDisablesRun() {
        openPage(baseUrl);
        js("window.interlock.playground.setPayloadText(arguments[0])", "{\n  \"a\": 1\n  \"b\": 2\n}");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("payload-error")));
        assertTrue(error.getText().contains("line 3"), "message names the line: " + error.getText());
        assertEquals("3", error.getAttribute("data-line"));
        assertFalse(byId("run-button").isEnabled(), "Run is disabled while the payload is not JSON");
        screenshot("03-invalid-json");
        byId("payload-reset").click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("payload-error")));
        assertTrue(byId("run-button").isEnabled());
    }

    @Test
    @Order(4)
    void syntaxErrorInEditedCopyIsMarkedOnItsLine() {
        openPage(baseUrl);
        waitForChainFile("10-it-domain.js").click();
        byId("edit-copy").click();
        WebElement draftTab = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=policy-tab-draft]")));
        assertEquals("10-it-domain.js", draftTab.getAttribute("data-file"));
        assertTrue(byId("draft-info").getText().contains("replaced"), byId("draft-info").getText());
        // type a syntax error on the last line of the copy, with the keyboard
        String source = POLICIES.get("pre-signup")[1];
        int errorLine = source.split("\n", -1).length;
        byCss("#policy-editor .view-lines").click();
        new Actions(driver)
                .keyDown(Keys.CONTROL).sendKeys(Keys.END).keyUp(Keys.CONTROL)
                .sendKeys("const = 1;")
                .keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL)
                .perform();
        waitUpTo(RUN_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("failure")));
        assertEquals("policy_error", byId("failure-code").getText().trim());
        assertTrue(byId("failure-message").getText().contains("10-it-domain.js"),
                "failure names the file: " + byId("failure-message").getText());
        assertEquals("DENY", byId("decision-badge").getAttribute("data-decision"), "on-error=deny by default");
        List<Map<String, Object>> markers = markers();
        assertEquals(1, markers.size(), "one failure marker: " + markers);
        assertEquals("10-it-domain.js", markers.get(0).get("file"));
        assertEquals((long) errorLine, ((Number) markers.get(0).get("line")).longValue(), "marker line: " + markers);
        wait.until(d -> !d.findElements(By.cssSelector("#policy-editor .squiggly-error")).isEmpty());
        screenshot("04-syntax-error");
    }

    @Test
    @Order(5)
    void endlessLoopTimesOutAndPageStaysResponsive() {
        openPage(baseUrl);
        byId("new-policy").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=policy-tab-draft]")));
        js("window.interlock.playground.policyEditor.getModel().setValue(arguments[0])",
                "export default () => { while(true){} }\n");
        WebElement alone = byId("draft-alone");
        if (!alone.isSelected()) {
            byCss("label[for=draft-alone]").click();
        }
        assertTrue(alone.isSelected());
        // Start the run and use the page in one script: the page handles the service's answer in a
        // later task, which cannot run in the middle of a script, so every state read here is one
        // with the run in flight, however fast or slow the service and the machine are.
        Object inFlight = js("""
                const $ = (id) => document.getElementById(id);
                const shown = (id) => !$(id).hidden && $(id).getClientRects().length > 0;
                const page = window.interlock.playground;
                $('run-button').click();
                const seen = {running: page.isRunning(), spinner: shown('spinner'), runDisabled: $('run-button').disabled};
                $('tab-decisions').click();
                seen.decisionsView = shown('view-decisions') && !shown('view-playground');
                $('tab-playground').click();
                seen.playgroundView = shown('view-playground') && !shown('view-decisions');
                seen.stillRunning = page.isRunning() && shown('spinner');
                return seen;
                """);
        assertEquals(Map.of("running", true, "spinner", true, "runDisabled", true, "decisionsView", true,
                "playgroundView", true, "stillRunning", true), inFlight, "while the run is in flight");
        screenshot("05-timeout-running");
        waitUpTo(RUN_WAIT).until(ExpectedConditions.textToBe(By.id("failure-code"), "policy_timeout"));
        assertEquals("DENY", byId("decision-badge").getAttribute("data-decision"));
        assertTrue(byId("run-button").isEnabled(), "Run is enabled again");
        assertFalse(byId("spinner").isDisplayed(), "the spinner is gone with the answer");
        // still responsive: typing in the payload editor works
        js("window.interlock.playground.setPayloadText(window.interlock.playground.getPayloadText())");
        new Select(byId("trigger-select")).selectByValue("PRE_SESSION_CREATION");
        wait.until(d -> payloadText().contains("PRE_SESSION_CREATION"));
        new Select(byId("trigger-select")).selectByValue("PRE_SIGNUP");
        wait.until(ExpectedConditions.textToBe(By.id("failure-code"), "policy_timeout"));
        screenshot("06-timeout");
    }

    @Test
    @Order(6)
    void shareLinkRestoresTriggerPayloadAndPolicy() {
        openPage(baseUrl);
        new Select(byId("trigger-select")).selectByValue("PRE_USER_INVITATION");
        wait.until(d -> payloadText().contains("PRE_USER_INVITATION"));
        js("window.interlock.playground.setPayloadText(window.interlock.playground.getPayloadText()"
                + ".replace('sarah.johnson@contractor.com', 'alice@acmecorp.com'))");
        byId("new-policy").click();
        String policy = "export default (ctx) => {\n  console.log('shared');\n"
                + "  return { decision: ctx.interceptor_context.user_email.startsWith('alice') ? 'ALLOW' : 'DENY' };\n};\n";
        js("window.interlock.playground.policyEditor.getModel().setValue(arguments[0])", policy);
        byCss("label[for=draft-alone]").click();
        byId("share-button").click();
        String url = wait.until(d -> {
            String v = byId("share-url").getAttribute("value");
            return v != null && v.contains("#s=") ? v : null;
        });
        String original = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        try {
            openPage(url);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-status"), "Restored"));
            assertEquals("PRE_USER_INVITATION",
                    new Select(byId("trigger-select")).getFirstSelectedOption().getAttribute("value"));
            assertTrue(payloadText().contains("alice@acmecorp.com"));
            @SuppressWarnings("unchecked")
            Map<String, Object> draft = (Map<String, Object>) js("return window.interlock.playground.getDraft()");
            assertEquals(policy, draft.get("source"));
            assertEquals(Boolean.TRUE, draft.get("alone"));
            assertTrue(byCss("[data-testid=policy-tab-draft]").isDisplayed());
            byId("run-button").click();
            assertEquals("ALLOW", waitForDecision());
            screenshot("07-share-restored");
        } finally {
            driver.close();
            driver.switchTo().window(original);
        }
    }

    @Test
    @Order(7)
    void decisionsViewFiltersByDecisionAndReplays() {
        openPage(baseUrl);
        // make sure the log holds at least one ALLOW and one DENY
        new Select(byId("trigger-select")).selectByValue("PRE_USER_INVITATION");
        wait.until(d -> payloadText().contains("PRE_USER_INVITATION"));
        byId("run-button").click();
        assertEquals("DENY", waitForDecision());
        new Select(byId("trigger-select")).selectByValue("PRE_SIGNUP");
        wait.until(d -> payloadText().contains("PRE_SIGNUP"));
        byId("run-button").click();
        assertEquals("ALLOW", waitForDecision());

        byId("tab-decisions").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-decisions")));
        wait.until(d -> !decisionRows().isEmpty());
        new Select(byId("filter-decision")).selectByValue("DENY");
        List<Map<String, Object>> denied = wait.until(d -> {
            List<Map<String, Object>> rows = decisionRows();
            boolean filtered = !rows.isEmpty() && rows.stream().allMatch(r -> "DENY".equals(r.get("decision")));
            return filtered ? rows : null;
        });
        for (Map<String, Object> row : denied) {
            assertEquals("DENY", row.get("cell"), "the decision cell of " + row);
        }
        screenshot("08-decisions-deny");

        String id = (String) denied.get(0).get("id");
        String trigger = (String) denied.get(0).get("trigger");
        // found again on each try: a refresh may re-render the rows between finding and clicking
        wait.until(d -> {
            d.findElement(By.cssSelector("[data-testid=decision-row][data-id='" + id + "'] [data-testid=decision-open]")).click();
            return true;
        });
        wait.until(d -> byId("decision-detail").isDisplayed() && byId("decision-detail").getText().contains(id));
        assertTrue(byId("decision-detail").getText().contains("\"DENY\""));
        screenshot("09-decision-detail");

        WebElement replay = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("open-in-playground")));
        replay.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-playground")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-status"), "Loaded the payload of decision " + id));
        assertEquals(trigger, new Select(byId("trigger-select")).getFirstSelectedOption().getAttribute("value"));
        assertTrue(payloadText().contains("\"trigger_point\": \"" + trigger + "\""), payloadText());
    }

    /**
     * The page under the service's Content-Security-Policy: nothing it needs is refused, Monaco's
     * language service runs in a real web worker (no fallback to the page's thread) and marks a
     * syntax error, and no worker fails to start. Recorded by a script the browser runs before
     * the page's own (DevTools protocol, so the policy does not apply to it).
     */
    @Test
    @Order(8)
    void pageWorksUnderItsContentSecurityPolicy() {
        ((ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.__csp = []; window.__workers = []; window.__warnings = [];
                document.addEventListener('securitypolicyviolation',
                    (e) => window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
                const NativeWorker = window.Worker;
                window.Worker = function (url, options) {
                  const worker = new NativeWorker(url, options);
                  const record = { url: String(url), error: null };
                  window.__workers.push(record);
                  worker.addEventListener('error', (e) => { record.error = e.message || 'worker error'; });
                  return worker;
                };
                window.Worker.prototype = NativeWorker.prototype;
                const warn = console.warn;
                console.warn = function (...args) { window.__warnings.push(args.map(String).join(' ')); return warn.apply(this, args); };
                """));
        openPage(baseUrl);
        assertEquals("monaco", driver.findElement(By.tagName("body")).getAttribute("data-editor"));
        byId("new-policy").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=policy-tab-draft]")));
        js("window.interlock.playground.policyEditor.getModel().setValue(arguments[0])",
                "export default () => {\n  const = 1;\n};\n");
        // the language service (in its worker) reports the syntax error on line 2
        waitUpTo(RUN_WAIT).until(d -> languageMarkers().stream()
                .anyMatch(m -> ((Number) m.get("line")).intValue() == 2));
        byId("tab-decisions").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-decisions")));
        wait.until(d -> Boolean.TRUE.equals(js("return document.querySelectorAll('#failure-codes option').length > 0")));
        screenshot("10-csp");

        assertEquals(List.of(), js("return window.__csp"), "Content-Security-Policy violations");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> workers = (List<Map<String, Object>>) js("return window.__workers");
        assertFalse(workers.isEmpty(), "Monaco started no web worker");
        for (Map<String, Object> worker : workers) {
            assertEquals(null, worker.get("error"), "worker " + worker.get("url"));
        }
        @SuppressWarnings("unchecked")
        List<String> warnings = (List<String>) js("return window.__warnings");
        assertTrue(warnings.stream().noneMatch(w -> w.contains("web worker")), "Monaco fell back to the page's thread: " + warnings);
    }

    /** Every failure code the server logs is offered by the Decisions view's failure filter. */
    @Test
    @Order(9)
    void failureFilterOffersEveryLoggedCode() {
        openPage(baseUrl);
        byId("tab-decisions").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-decisions")));
        wait.until(d -> Boolean.TRUE.equals(js("return document.querySelectorAll('#failure-codes option').length > 0")));
        @SuppressWarnings("unchecked")
        List<String> offered = (List<String>) js(
                "return [...document.querySelectorAll('#failure-codes option')].map((o) => o.value)");
        assertEquals(io.interlock.log.FailureCodes.ALL, offered);
        WebElement failure = byId("filter-failure");
        failure.sendKeys("bad_request");
        byId("filter-apply").click();
        wait.until(ExpectedConditions.textMatches(By.id("dec-status"), java.util.regex.Pattern.compile("shown|Could not")));
        assertFalse(byId("dec-status").getText().contains("Could not"), byId("dec-status").getText());
    }

    /** Replaying a decision whose payload was masked in the log says so, in the event view and in the playground. */
    @Test
    @Order(10)
    void replayingAMaskedPayloadSaysSo() {
        openPage(baseUrl);
        new Select(byId("trigger-select")).selectByValue("PRE_SIGNUP");
        wait.until(d -> payloadText().contains("\"trigger_point\": \"PRE_SIGNUP\""));
        byId("run-button").click();
        waitForDecision();
        WebElement inTheLog = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-testid=result-decision-id]")));
        String id = inTheLog.getAttribute("data-decision-id");
        inTheLog.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-decisions")));
        wait.until(d -> byId("decision-detail").getText().contains(id));
        // the loaded chain decided: the version it was made by is said above the event (issue 28)
        assertTrue(byId("decision-facts").getText().matches("Decided by version .* · chain [0-9a-f]{12}.*"),
                byId("decision-facts").getText());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("open-in-playground")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-hint"), "was masked when it was logged"));
        byId("open-in-playground").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-playground")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-status"), "Loaded the payload of decision " + id));
        assertTrue(byId("run-status").getText().contains("was masked when it was logged"), byId("run-status").getText());
        assertTrue(payloadText().contains("j***@acmecorp.com"), "the masked payload is what was loaded");
        screenshot("11-replay-masked");
    }

    @Test
    @Order(11)
    void aDraftReplayedAgainstRealCallsShowsEachChangeBesideItsOriginal() throws Exception {
        intercept("john.doe@acmecorp.com");
        String denied = intercept("mallory@gmail.com");
        openPage(baseUrl);
        new Select(byId("trigger-select")).selectByValue("PRE_SIGNUP");
        waitForChainFile("10-it-domain.js");
        js("window.interlock.playground.setDraft(arguments[0], {name: '10-it-domain.js'})",
                "export default () => ({ decision: 'ALLOW' });\n");
        byId("replay-button").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("replay-status"), "replayed against real"));
        assertEquals("1", byCss("[data-testid=replay-kinds] [data-kind=deny_to_allow] strong").getText(),
                byId("replay-summary").getText());
        assertEquals("0", byCss("[data-testid=replay-kinds] [data-kind=allow_to_deny] strong").getText());
        assertTrue(byId("replay-uncertain").getText().contains("No replay is uncertain"), byId("replay-uncertain").getText());
        byCss("[data-testid=replay-change][data-id='" + denied + "']").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("replay-compare")));
        assertTrue(byId("replay-compare-title").getText().contains("DENY → ALLOW"), byId("replay-compare-title").getText());
        assertTrue(byId("replay-original").getText().contains("\"DENY\""), byId("replay-original").getText());
        assertTrue(byId("replay-replayed").getText().contains("\"ALLOW\""), byId("replay-replayed").getText());
        assertTrue(byId("replay-differences").getText().contains("/decision"), byId("replay-differences").getText());
        screenshot("12-replay-draft");
    }

    /** A signed PRE_SIGNUP call from {@code email}, as the platform makes it; its decision id. */
    private String intercept(String email) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode payload = (com.fasterxml.jackson.databind.node.ObjectNode)
                io.interlock.testing.Payloads.of(io.interlock.trigger.Trigger.PRE_SIGNUP);
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("interceptor_context")).put("user_email", email);
        var answer = io.interlock.testing.Signer.send(new io.interlock.testing.Signer(io.interlock.testing.Signer.SECRET)
                .signed(server.getURI().resolve("/v1/intercept"), payload.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .build());
        assertEquals(200, answer.statusCode(), answer.body());
        return answer.headers().firstValue("interlock-decision-id").orElseThrow();
    }

    /** Issue 28 item 3: the folder's helpers are shown read-only beside the policy, and a draft imports them. */
    @Test
    @Order(12)
    void helpersAreShownReadOnlyAndADraftImportsThem() {
        openPage(baseUrl);
        new Select(byId("trigger-select")).selectByValue("PRE_SIGNUP");
        WebElement tab = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=helper-tab][data-file='../lib/greeting.js']")));
        tab.click();
        wait.until(d -> byId("policy-readonly-note").getText().contains("Read-only helper"));
        assertTrue(byId("policy-readonly-note").getText().contains("'../lib/greeting.js'"), byId("policy-readonly-note").getText());
        assertEquals(HELPER, js("return window.interlock.playground.policyEditor.getModel().getValue()"));
        assertEquals(Boolean.TRUE, js("return window.interlock.playground.policyEditor.getRawOptions().readOnly"));
        assertFalse(byId("edit-copy").isEnabled(), "a helper has no editable copy here");
        byId("new-policy").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=policy-tab-draft]")));
        js("window.interlock.playground.policyEditor.getModel().setValue(arguments[0])",
                "import { greeting } from '../lib/greeting.js';\n"
                        + "export default (ctx) => ({ decision: 'DENY', error: { message: greeting(ctx.interceptor_context.user_email) } });\n");
        byId("run-button").click();
        assertEquals("DENY", waitForDecision());
        assertTrue(byId("wire-response").getText().contains("hello acmecorp.com"), byId("wire-response").getText());
        screenshot("13-helper-import");
    }

    // ------------------------------------------------------------------ helpers

    private void openPage(String url) {
        driver.get(url);
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    private WebElement byCss(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private String payloadText() {
        Object v = js("return window.interlock.playground.getPayloadText()");
        return v == null ? "" : v.toString();
    }

    private WebElement waitForChainFile(String name) {
        By tab = By.cssSelector("[data-testid=policy-tab][data-file='" + name + "']");
        try {
            return wait.until(ExpectedConditions.visibilityOfElementLocated(tab));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the policy tabs do not show " + name + " from the policies folder "
                    + policiesDir + " (property interlock.policies); tabs: "
                    + byId("policy-tabs").getText(), e);
        }
    }

    /** Waits for the run to finish and returns the badge's decision. */
    private String waitForDecision() {
        WebDriverWait runWait = waitUpTo(RUN_WAIT);
        runWait.until(d -> !Boolean.TRUE.equals(js("return window.interlock.playground.isRunning()")));
        return runWait.until(d -> {
            List<WebElement> err = d.findElements(By.cssSelector("#request-error:not([hidden])"));
            if (!err.isEmpty()) {
                throw new AssertionError("the run failed: " + err.get(0).getText());
            }
            String v = byId("decision-badge").getAttribute("data-decision");
            return v == null || v.isEmpty() ? null : v;
        });
    }

    /**
     * The Decisions view's rows as shown now (id, decision, decision cell text, trigger), read in
     * one script: the view re-renders its rows when a query answers, and an element found in one
     * call may be gone by the next.
     */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> decisionRows() {
        return (List<Map<String, Object>>) js("""
                return [...document.querySelectorAll('#decisions-body [data-testid=decision-row]')].map((r) => ({
                  id: r.dataset.id,
                  decision: r.dataset.decision,
                  cell: r.querySelector('[data-testid=decision-cell]').textContent.trim(),
                  trigger: r.dataset.trigger,
                }));
                """);
    }

    /** A wait that finds its elements again on each try, so a re-rendered element is no failure. */
    private WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> markers() {
        Object v = js("return window.interlock.playground.markers()");
        return v == null ? List.of() : new ArrayList<>((List<Map<String, Object>>) v);
    }

    /** The language service's markers (owner "javascript"), set from Monaco's web worker. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> languageMarkers() {
        Object v = js("return window.interlock.playground.markers('javascript')");
        return v == null ? List.of() : new ArrayList<>((List<Map<String, Object>>) v);
    }

    private void screenshot(String name) {
        try {
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException | RuntimeException e) {
            System.err.println("screenshot " + name + " failed: " + e);
        }
    }
}
