package io.interlock.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.LogSettings.Pii;
import io.interlock.config.OnError;
import io.interlock.config.Store;
import io.interlock.engine.EngineSettings;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PreparedChain;
import io.interlock.fetch.DeclaredAnswers;
import io.interlock.http.DecisionRecorder.Call;
import io.interlock.log.StoredCalls;
import io.interlock.policy.FolderScan;
import io.interlock.policy.PolicyFile;
import io.interlock.policy.PolicyFolder;
import io.interlock.service.DecisionService;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code interlock replay}: calls recorded by the decision log as the service records them (a
 * real engine's answers, kept in SQLite with their payloads), replayed against a changed folder.
 */
class ReplayCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = "pre-signup/10-domains.js";

    /** v1: blocked.example may not sign up. */
    static final String BLOCKS_ONE = """
            export default function (ctx) {
              const domain = ctx.interceptor_context.user_email.split('@')[1];
              if (domain === 'blocked.example') return { decision: 'DENY', error: { message: 'blocked domain' } };
              return { decision: 'ALLOW' };
            }""";

    /** A risk score from a service: DENY above the threshold. */
    static String scored(int threshold) {
        return """
                export default async function (ctx) {
                  const r = await fetch('https://risk.example/score?user=' + ctx.data.user.id);
                  const { score } = await r.json();
                  return score > %d ? { decision: 'DENY', error: { message: 'too risky' } } : { decision: 'ALLOW' };
                }""".formatted(threshold);
    }

    private static PolicyEngine engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        engine = PolicyEngine.create(EngineSettings.defaults());
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                // blocked.example let in, other.example now blocked
                Arguments.of("""
                        export default function (ctx) {
                          const domain = ctx.interceptor_context.user_email.split('@')[1];
                          if (domain === 'other.example') return { decision: 'DENY', error: { message: 'blocked domain' } };
                          return { decision: 'ALLOW' };
                        }""", Map.of("allow_to_deny", 1, "deny_to_allow", 1), "dec_carol"),
                Arguments.of(BLOCKS_ONE.replace("'blocked domain'", "'ask your administrator'"), Map.of("answer_changed", 1), "dec_bob"),
                Arguments.of("export default function () { throw new Error('boom'); }", Map.of("new_failure", 3), "dec_alice"));
    }

    @ParameterizedTest
    @MethodSource("changes")
    void aChangedPolicyFlipsStoredDecisionsCountedByKindAndNamed(String changed, Map<String, Integer> kinds, String example)
            throws Exception {
        Store.Database db = store(BLOCKS_ONE, Pii.FULL, List.of());
        JsonNode report = json(replay(db, folder("v2", changed), "--json"));

        assertEquals(3, report.get("replayed").asInt());
        int total = kinds.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(total, report.get("changed").asInt());
        for (Replayer.Kind k : Replayer.Kind.values()) {
            assertEquals(kinds.getOrDefault(k.wire, 0), report.path("by_kind").path(k.wire).asInt(), k.wire);
        }
        JsonNode byPolicy = report.path("by_policy");
        assertEquals(1, byPolicy.size(), byPolicy.toString());
        assertTrue(byPolicy.fieldNames().next().endsWith(POLICY), byPolicy.toString());
        List<String> ids = new ArrayList<>();
        report.path("examples").forEach(list -> list.forEach(e -> ids.add(e.get("id").asText())));
        assertTrue(ids.contains(example), ids.toString());
        assertEquals(0, report.get("uncertain").asInt(), "INTERLOCK_LOG_PII=full masks nothing: " + report);
    }

    @Test
    void theTextReportShowsTheChangeItsPolicyAndTheDifferingField() throws Exception {
        Store.Database db = store(BLOCKS_ONE, Pii.FULL, List.of());
        Result run = replay(db, folder("v2", BLOCKS_ONE.replace("'blocked.example'", "'acme.example'")));

        assertEquals(0, run.code, run.err);
        assertTrue(run.out.contains("Replayed 3 stored calls"), run.out);
        assertTrue(run.out.contains("Changed: 2 of 3"), run.out);
        assertTrue(run.out.matches("(?s).*ALLOW → DENY\\s+1\\s+by \\S*" + POLICY + " 1.*"), run.out);
        assertTrue(run.out.contains("dec_alice"), run.out);
        assertTrue(run.out.contains("/decision: \"ALLOW\" → \"DENY\""), run.out);
        assertTrue(run.out.contains("/error: (absent) → {\"message\":\"blocked domain\"}"), run.out);
    }

    static Stream<Arguments> masking() {
        return Stream.of(
                Arguments.of(Pii.MASKED, BLOCKS_ONE, 3, "/interceptor_context/user_email"),
                Arguments.of(Pii.NONE, BLOCKS_ONE, 3, "/interceptor_context/user_email"),
                // a policy that never reads a masked field replays exactly, masked or not
                Arguments.of(Pii.MASKED, "export default (ctx) => ({ decision: ctx.interceptor_context.region === 'IN' ? 'ALLOW' : 'DENY' })",
                        0, null),
                Arguments.of(Pii.FULL, BLOCKS_ONE, 0, null));
    }

    @ParameterizedTest
    @MethodSource("masking")
    void aPolicyReadingAFieldMaskedWhenStoredMarksItsReplayUncertain(Pii pii, String policy, int uncertain, String field)
            throws Exception {
        Store.Database db = store(policy, pii, List.of());
        JsonNode report = json(replay(db, folder("same", policy), "--json"));

        assertEquals(3, report.get("replayed").asInt());
        assertEquals(uncertain, report.get("uncertain").asInt(), report.toString());
        if (field != null) {
            String reason = report.path("uncertain_reasons").fieldNames().next();
            assertTrue(reason.endsWith(POLICY + " reads masked " + field) || reason.contains(field), reason);
            assertTrue(reason.contains(POLICY), reason);
        }
        if (pii != Pii.NONE) {
            // masked as stored, the replayed answers compare equal to the stored ones
            assertEquals(0, report.get("changed").asInt(), report.toString());
        }
    }

    @Test
    void fetchAnswersAreReplayedFromWhatTheOriginalCallRecordedNeverTheNetwork() throws Exception {
        List<DeclaredAnswers.Answer> scores = List.of(score("usr_alice", 10), score("usr_bob", 80), score("usr_carol", 40));
        Store.Database db = store(scored(50), Pii.FULL, scores);

        JsonNode same = json(replay(db, folder("same", scored(50)), "--json"));
        assertEquals(3, same.get("replayed").asInt());
        assertEquals(0, same.get("changed").asInt(), "the recorded scores give the recorded answers: " + same);
        assertEquals(0, same.get("uncertain").asInt(), same.toString());

        JsonNode stricter = json(replay(db, folder("v2", scored(30)), "--json"));
        assertEquals(1, stricter.path("by_kind").path("allow_to_deny").asInt(), stricter.toString());
        assertEquals("dec_carol", stricter.path("examples").path("allow_to_deny").get(0).get("id").asText());
    }

    @Test
    void aCallNothingRecordedIsUncertainUntilDeclaredWithFetch() throws Exception {
        Store.Database db = store(BLOCKS_ONE, Pii.FULL, List.of());
        Path policies = folder("v2", scored(50));

        JsonNode unanswered = json(replay(db, policies, "--json"));
        assertEquals(3, unanswered.get("uncertain").asInt(), unanswered.toString());
        assertTrue(unanswered.path("uncertain_reasons").fieldNames().next().contains("not recorded nor declared"),
                unanswered.toString());

        Path answers = dir.resolve("answers.json");
        Files.writeString(answers, """
                [{"url": "https://risk.example/score?user=usr_alice", "json": {"score": 90}},
                 {"url": "https://risk.example/score?user=usr_bob", "json": {"score": 90}},
                 {"url": "https://risk.example/score?user=usr_carol", "json": {"score": 90}}]""");
        JsonNode declared = json(replay(db, policies, "--json", "--fetch", answers.toString()));
        assertEquals(0, declared.get("uncertain").asInt(), declared.toString());
        assertEquals(2, declared.path("by_kind").path("allow_to_deny").asInt(), declared.toString());
    }

    static Stream<Arguments> gates() {
        return Stream.of(
                Arguments.of(List.of(), 0),
                Arguments.of(List.of("--max-changed", "2"), 0),
                Arguments.of(List.of("--max-changed", "1"), 1),
                Arguments.of(List.of("--max-changed", "0"), 1),
                Arguments.of(List.of("--max-changed", "5", "--trigger", "pre_session_creation"), 1),
                Arguments.of(List.of("--trigger", "nonsense"), 2),
                Arguments.of(List.of("--from", "yesterday"), 2),
                Arguments.of(List.of("--count", "0"), 2));
    }

    @ParameterizedTest
    @MethodSource("gates")
    void theExitStatusGatesOnMaxChanged(List<String> options, int exit) throws Exception {
        Store.Database db = store(BLOCKS_ONE, Pii.FULL, List.of());
        List<String> args = new ArrayList<>(options);
        Result run = replay(db, folder("v2", BLOCKS_ONE.replace("'blocked.example'", "'acme.example'")), args.toArray(String[]::new));
        assertEquals(exit, run.code, run.out + run.err);
    }

    @Test
    void callsStoredWithoutTheirPayloadAreCountedNotReplayed() throws Exception {
        Store.Database db = sqlite();
        StoredCalls.record(db, false, Pii.FULL, calls(folder("v1", BLOCKS_ONE), List.of()));
        Result run = replay(db, folder("v2", BLOCKS_ONE), "--json", "--max-changed", "0");
        JsonNode report = json(run);
        assertEquals(0, report.get("replayed").asInt());
        assertEquals(3, report.get("without_payload").asInt());
        assertEquals(1, run.code, "a gate that compared nothing does not pass");
        assertTrue(run.err.contains("INTERLOCK_LOG_PAYLOADS"), run.err);
    }

    @Test
    void aStoreInTheServicesMemoryCannotBeReplayedFromOutside() throws Exception {
        Result run = run(Map.of("INTERLOCK_DECISION_DB", "none"), folder("v2", BLOCKS_ONE));
        assertEquals(2, run.code);
        assertTrue(run.err.contains("INTERLOCK_DECISION_DB=none"), run.err);
        assertFalse(run.err.contains("Exception"), run.err);
    }

    // --- fixtures

    private record Result(int code, String out, String err) {}

    private static JsonNode json(Result run) throws IOException {
        return JSON.readTree(run.out);
    }

    private Store.Database sqlite() {
        return StoredCalls.sqlite(dir);
    }

    /** Three sign-ups answered by {@code policy}, stored with their payloads. */
    private Store.Database store(String policy, Pii pii, List<DeclaredAnswers.Answer> fetch) throws IOException {
        Store.Database db = sqlite();
        StoredCalls.record(db, true, pii, calls(folder("v1", policy), fetch));
        return db;
    }

    private static List<Call> calls(Path folder, List<DeclaredAnswers.Answer> fetch) {
        FolderScan scan = new PolicyFolder(folder).scan();
        List<PolicyFile> files = scan.filesFor(Trigger.PRE_SIGNUP);
        List<Call> calls = new ArrayList<>();
        try (PreparedChain chain = engine.prepare(Trigger.PRE_SIGNUP, files.stream().map(PolicyFile::toSource).toList(), scan.data())) {
            for (String who : List.of("alice@acme.example", "bob@blocked.example", "carol@other.example")) {
                String name = who.substring(0, who.indexOf('@'));
                JsonNode payload = signUp(who, "usr_" + name);
                EvaluationResult result = engine.evaluate(chain, payload, engine.settings().limitsFor(Trigger.PRE_SIGNUP),
                        new DeclaredAnswers(fetch));
                calls.add(new Call("dec_" + name, "intercept", Trigger.PRE_SIGNUP, payload,
                        DecisionService.apply(OnError.DENY, result, files), 200, "203.0.113.24"));
            }
        }
        return calls;
    }

    private static JsonNode signUp(String email, String userId) {
        ObjectNode payload = (ObjectNode) Payloads.of(Trigger.PRE_SIGNUP);
        ((ObjectNode) payload.get("interceptor_context")).put("user_email", email);
        ((ObjectNode) payload.path("data").path("user")).put("email", email).put("id", userId);
        return payload;
    }

    private static DeclaredAnswers.Answer score(String user, int score) {
        return new DeclaredAnswers.Answer("GET", URI.create("https://risk.example/score?user=" + user), 200, "OK",
                List.of(new io.interlock.fetch.HttpHeader("content-type", "application/json")),
                ("{\"score\":" + score + "}").getBytes(StandardCharsets.UTF_8), null);
    }

    private Path folder(String name, String policy) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve("pre-signup"));
        Files.writeString(root.resolve(POLICY), policy);
        return root;
    }

    private Result replay(Store.Database db, Path folder, String... options) {
        return run(Map.of("INTERLOCK_DECISION_DB", db.url()), folder, options);
    }

    private static Result run(Map<String, String> environment, Path folder, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ReplayCommand command = new ReplayCommand(environment);
        List<String> args = new ArrayList<>(List.of(options));
        args.add(folder.toString());
        int code = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }
}
