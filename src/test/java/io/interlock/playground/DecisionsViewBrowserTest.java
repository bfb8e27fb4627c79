package io.interlock.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Decisions view's charts and table in the real headless Chromium at 1,440 × 900, over real
 * decisions: signed calls to {@code /v1/intercept} and a dry run, stored in an SQLite file (so the
 * charts come from the SQL aggregates of {@code GET /v1/decisions/stats}). It reads what Chart.js
 * drew (its data and its bars), the top lists and figures, the table's new columns and filters,
 * and checks that no column is cut off at that width. Screenshots: {@code target/screenshots/decisions-*.png}.
 * Skipped without chromium and chromedriver, like {@link PlaygroundBrowserTest}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DecisionsViewBrowserTest implements TestPropertyProvider {

    private static final String CHROMIUM = System.getProperty("interlock.playground.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("interlock.playground.chromedriver", "/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String DENIED = "Only @acmecorp.com may sign up.";

    @Inject
    EmbeddedServer server;

    private Path dir;
    private Path profileDir;
    private WebDriver driver;
    private WebDriverWait wait;

    @Override
    public Map<String, String> getProperties() {
        try {
            dir = Files.createTempDirectory("interlock-view");
            Path signup = Files.createDirectories(dir.resolve("policies/pre-signup"));
            Files.writeString(signup.resolve("10-domain.js"), """
                    export default (ctx) => ctx.interceptor_context.user_email.endsWith('@acmecorp.com')
                      ? { decision: 'ALLOW' }
                      : { decision: 'DENY', error: { message: '%s' } };
                    """.formatted(DENIED));
            Path invitation = Files.createDirectories(dir.resolve("policies/pre-user-invitation"));
            Files.writeString(invitation.resolve("10-crash.js"), "export default () => { throw new Error('lookup failed'); };\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "interlock.policies", dir.resolve("policies").toString(),
                "interlock.signing-secrets", Signer.SECRET,
                "interlock.decision-db", "jdbc:sqlite:" + dir.resolve("decisions.db"));
    }

    @BeforeAll
    void startBrowser() throws IOException {
        boolean available = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!Boolean.getBoolean("interlock.playground.require-browser")) {
            Assumptions.assumeTrue(available, "chromium/chromedriver not installed; browser test skipped");
        }
        profileDir = Files.createTempDirectory("interlock-view-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--window-size=1440,900",
                "--user-data-dir=" + profileDir.toAbsolutePath());
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build(), options);
        wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        for (Path d : new Path[] {profileDir, dir}) {
            if (d != null) {
                try (Stream<Path> files = Files.walk(d)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Seven real decisions: sign-up 3 ALLOW and 2 DENY, one failing invitation, one dry run (ALLOW). */
    @Test
    @Order(1)
    void realDecisionsAreStored() throws Exception {
        Signer signer = new Signer(Signer.SECRET);
        String sample = new String(Payloads.bytes(Trigger.PRE_SIGNUP), StandardCharsets.UTF_8);
        for (String email : List.of("john.doe@acmecorp.com", "ann@acmecorp.com", "bo@acmecorp.com", "mallory@gmail.com",
                "eve@gmail.com")) {
            intercept(signer, sample.replace("john.doe@acmecorp.com", email).getBytes(StandardCharsets.UTF_8));
        }
        intercept(signer, Payloads.bytes(Trigger.PRE_USER_INVITATION));
        ObjectNode dryRun = new ObjectMapper().createObjectNode();
        dryRun.set("payload", Payloads.of(Trigger.PRE_SIGNUP));
        HttpResponse<String> evaluated = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/evaluate"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(dryRun.toString())).build());
        assertEquals(200, evaluated.statusCode(), evaluated.body());
    }

    @Test
    @Order(2)
    void chartsShowTheStoredDecisions() {
        openDecisions();
        Map<String, Map<String, Object>> charts = waitForCharts(7);
        assertEquals(List.of("PRE_SIGNUP", "PRE_USER_INVITATION"), List.copyOf(charts.keySet()), "one chart per trigger with decisions");
        assertEquals(Map.of("ALLOW", 4L, "DENY", 2L, "failure", 0L), charts.get("PRE_SIGNUP").get("sums"));
        assertEquals(Map.of("ALLOW", 0L, "DENY", 0L, "failure", 1L), charts.get("PRE_USER_INVITATION").get("sums"));
        for (Map<String, Object> chart : charts.values()) {
            long bars = (Long) chart.get("bars");
            assertTrue(bars == 96 || bars == 97, "24 hours in 15-minute buckets (and the one cut by the start): " + chart);
            assertTrue((Boolean) chart.get("painted"), "each bucket with decisions is drawn as a bar with a height: " + chart);
        }
        // the totals beside each chart, as text
        assertTrue(text("[data-testid=trigger-chart-card][data-trigger=PRE_SIGNUP]").contains("ALLOW 4"));

        List<String> deny = texts("#top-deny [data-testid=top-item]");
        assertEquals(List.of(DENIED + "2"), deny, "the top DENY message and its count");
        List<String> failing = texts("#top-failing [data-testid=top-item]");
        assertEquals(List.of("10-crash.js · policy_error1"), failing);
        assertTrue(attribute("#top-failing [data-testid=top-item]", "title").contains("policies/pre-user-invitation/10-crash.js: policy_error"));

        for (String tile : List.of("p50", "p95", "p99")) {
            assertTrue(text("[data-testid=tile-" + tile + "]").matches("[0-9]+(\\.[0-9]+)?"), tile + ": " + text("[data-testid=tile-" + tile + "]"));
        }
        // no shadow chain: shown as "—", not as zero agreement
        assertEquals("—", text("[data-testid=tile-compared]"));
        assertEquals("—", text("[data-testid=tile-disagree]"));
        assertTrue(text("#stats-status").startsWith("7 decisions · 7 timed · 15m buckets"), text("#stats-status"));
        screenshot("decisions-charts");
    }

    @Test
    @Order(3)
    void theTableShowsSourceDateAndMessage() {
        openDecisions();
        wait.until(d -> rows().size() == 7);
        List<Map<String, Object>> rows = rows();
        for (Map<String, Object> row : rows) {
            assertTrue(((String) row.get("time")).matches("[A-Z][a-z]{2} [0-9]{1,2}( [0-9]{4})? [0-9]{2}:[0-9]{2}:[0-9]{2}"),
                    "a date in the time column: " + row);
            // the failing invitation was answered DENY by on-error=deny, with the platform's generic text
            String expectedMessage = !"DENY".equals(row.get("decision")) ? ""
                    : "PRE_SIGNUP".equals(row.get("trigger")) ? DENIED : "The request could not be completed due to a policy restriction.";
            assertEquals(expectedMessage, row.get("message"), "the DENY message as the platform got it: " + row);
            assertEquals("evaluate".equals(row.get("source")) ? "dry run" : "interceptor", row.get("sourceText"), row.toString());
        }
        assertEquals(1, rows.stream().filter(r -> "evaluate".equals(r.get("source"))).count());
    }

    @Test
    @Order(4)
    void everyColumnFitsAt1440Pixels() {
        openDecisions();
        wait.until(d -> rows().size() == 7);
        assertEquals(1440L, js("return window.innerWidth"), "the window is 1,440 px wide");
        @SuppressWarnings("unchecked")
        Map<String, Object> fit = (Map<String, Object>) js("""
                const wrap = document.querySelector('#decisions-table').closest('.table-wrap');
                const box = wrap.getBoundingClientRect();
                const heads = [...document.querySelectorAll('#decisions-table thead th')].map((th) => {
                  const r = th.getBoundingClientRect();
                  return { text: th.textContent.trim(), right: r.right, inside: r.left >= box.left - 1 && r.right <= box.right + 1,
                           whole: th.scrollWidth <= th.clientWidth };
                });
                const cut = (sel) => [...document.querySelectorAll(sel)].filter((c) => c.scrollWidth > c.clientWidth).length;
                return { heads, scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth,
                         page: document.documentElement.scrollWidth, time: cut('[data-testid=time-cell]'),
                         ms: cut('[data-testid=ms-cell]'), decision: cut('[data-testid=decision-cell]') };
                """);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> heads = (List<Map<String, Object>>) fit.get("heads");
        assertEquals(List.of("Time", "Trigger", "Source", "Decision", "Message", "Failure", "User / client", "Organization",
                "Policy", "ms"), heads.stream().map(h -> h.get("text")).toList());
        for (Map<String, Object> head : heads) {
            assertEquals(true, head.get("inside"), "column within the table's visible width: " + head + " " + fit);
            assertEquals(true, head.get("whole"), "header not cut: " + head);
        }
        assertTrue(((Number) fit.get("scrollWidth")).longValue() <= ((Number) fit.get("clientWidth")).longValue(),
                "no horizontal scrolling in the table: " + fit);
        assertTrue(((Number) fit.get("page")).longValue() <= 1440, "no horizontal scrolling of the page: " + fit);
        assertEquals(0L, fit.get("time"), "times shown whole");
        assertEquals(0L, fit.get("ms"), "durations shown whole");
        assertEquals(0L, fit.get("decision"), "decisions shown whole");
        screenshot("decisions-1440");
    }

    @Test
    @Order(5)
    void sourcePolicyAndSearchFilterTheTableAndTheCharts() {
        openDecisions();
        waitForCharts(7);
        new Select(driver.findElement(By.id("filter-source"))).selectByValue("intercept");
        Map<String, Map<String, Object>> charts = waitForCharts(6);
        assertEquals(Map.of("ALLOW", 3L, "DENY", 2L, "failure", 0L), charts.get("PRE_SIGNUP").get("sums"), "dry runs left out");
        wait.until(d -> rows().size() == 6 && rows().stream().allMatch(r -> "intercept".equals(r.get("source"))));

        new Select(driver.findElement(By.id("filter-source"))).selectByValue("");
        driver.findElement(By.id("filter-policy")).sendKeys("10-crash.js", Keys.ENTER);
        wait.until(d -> rows().size() == 1 && "PRE_USER_INVITATION".equals(rows().get(0).get("trigger")));
        assertEquals(List.of("PRE_USER_INVITATION"), List.copyOf(waitForCharts(1).keySet()));

        driver.findElement(By.id("filter-policy")).clear();
        driver.findElement(By.id("filter-search")).sendKeys("gmail", Keys.ENTER);
        wait.until(d -> rows().size() == 2 && rows().stream().allMatch(r -> DENIED.equals(r.get("message"))));
        assertEquals(Map.of("ALLOW", 0L, "DENY", 2L, "failure", 0L), waitForCharts(2).get("PRE_SIGNUP").get("sums"));
        screenshot("decisions-search");
    }

    /** An entry of a top list shows its decisions in the table. */
    @Test
    @Order(6)
    void choosingATopEntryShowsItsDecisions() {
        openDecisions();
        waitForCharts(7);
        driver.findElement(By.cssSelector("#top-failing [data-testid=top-item]")).click();
        wait.until(d -> rows().size() == 1 && "PRE_USER_INVITATION".equals(rows().get(0).get("trigger")));
        assertEquals("policy_error", driver.findElement(By.id("filter-failure")).getAttribute("value"));
        assertEquals("10-crash.js", driver.findElement(By.id("filter-policy")).getAttribute("value"));

        waitForCharts(1);
        // the top list now holds only what the filters match: the DENY list is empty, so clear them first
        driver.findElement(By.id("filter-clear")).click();
        waitForCharts(7);
        driver.findElement(By.cssSelector("#top-deny [data-testid=top-item]")).sendKeys(Keys.ENTER);
        wait.until(d -> rows().size() == 2 && rows().stream().allMatch(r -> DENIED.equals(r.get("message"))));
        assertEquals(DENIED, driver.findElement(By.id("filter-search")).getAttribute("value"));
    }

    // ------------------------------------------------------------------ helpers

    private void intercept(Signer signer, byte[] body) {
        HttpResponse<String> answer = Signer.send(signer.signed(server.getURI().resolve("/v1/intercept"), body).build());
        assertEquals(200, answer.statusCode(), answer.body());
    }

    private void openDecisions() {
        driver.get(server.getURL() + "/");
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        driver.findElement(By.id("tab-decisions")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-decisions")));
    }

    /** Waits until the charts show {@code total} decisions; per trigger, what Chart.js holds and drew. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> waitForCharts(int total) {
        wait.until(d -> "ready".equals(attribute("#stats-status", "data-state"))
                && Long.valueOf(total).equals(js("return window.interlock.decisions.stats()?.total")));
        Object charts = js("""
                const out = {};
                for (const canvas of document.querySelectorAll('[data-testid=trigger-chart]')) {
                  const chart = Chart.getChart(canvas);
                  const sums = {};
                  for (const d of chart.data.datasets) sums[d.label] = d.data.reduce((a, b) => a + b, 0);
                  // every bucket with decisions has a bar of some height on the canvas
                  const painted = chart.data.datasets.every((d, i) => d.data.every((n, k) => n === 0
                      || Math.abs(chart.getDatasetMeta(i).data[k].base - chart.getDatasetMeta(i).data[k].y) > 1));
                  out[canvas.dataset.trigger] = { sums, bars: chart.data.labels.length, painted };
                }
                return out;
                """);
        return new java.util.TreeMap<>((Map<String, Map<String, Object>>) charts);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> rows() {
        return (List<Map<String, Object>>) js("""
                return [...document.querySelectorAll('#decisions-body [data-testid=decision-row]')].map((r) => ({
                  id: r.dataset.id, decision: r.dataset.decision, trigger: r.dataset.trigger, source: r.dataset.source,
                  time: r.querySelector('[data-testid=time-cell]').textContent.trim(),
                  sourceText: r.querySelector('[data-testid=source-cell]').textContent.trim(),
                  message: r.querySelector('[data-testid=message-cell]').textContent.trim(),
                }));
                """);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText().trim();
    }

    private String attribute(String css, String name) {
        return driver.findElement(By.cssSelector(css)).getAttribute(name);
    }

    @SuppressWarnings("unchecked")
    private List<String> texts(String css) {
        return (List<String>) js("return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim())", css);
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            System.err.println("screenshot " + name + " failed: " + e);
        }
    }
}
