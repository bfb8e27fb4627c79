package io.interlock.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.engine.PolicySource;
import io.interlock.policy.PolicyFile;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A retry of the same request has the same fingerprint; a request that differs in what a policy reads does not. */
class InputFingerprintTest {

    static Stream<Arguments> changes() {
        return Stream.of(
                // the platform sets these anew for every call
                same("a later triggered_at", p -> context(p).put("triggered_at", "2026-12-07T10:00:00.000Z")),
                same("another auth_request.state", p -> ((ObjectNode) context(p).get("auth_request")).put("state", "Zq81")),
                same("no triggered_at at all", p -> context(p).remove("triggered_at")),
                same("keys in another order", InputFingerprintTest::reversedKeys),
                // anything else is the input
                different("another email", p -> context(p).put("user_email", "mallory@example.com")),
                different("another user agent", p -> context(p).put("user_agent", "curl/8")),
                different("a triggered_at inside data", p -> ((ObjectNode) p.get("data")).put("triggered_at", "x")),
                different("a state elsewhere", p -> context(p).put("state", "xsrPHl7k7ARgdhC6")),
                different("a number for a string", p -> ((ObjectNode) p.get("data").get("user")).put("email_verified", "true")),
                different("another role", p -> {
                    ArrayNode memberships = (ArrayNode) p.get("data").get("user").get("memberships");
                    ((ObjectNode) memberships.get(0)).putArray("roles").add("member");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void aChangeMakesAnotherInputOrNot(String change, Consumer<ObjectNode> edit, boolean same) {
        JsonNode seed = Payloads.of(Trigger.PRE_SIGNUP);
        ObjectNode changed = seed.deepCopy();
        edit.accept(changed);
        String before = InputFingerprint.of(seed);
        String after = InputFingerprint.of(changed);
        if (same) {
            assertEquals(before, after, change);
        } else {
            assertNotEquals(before, after, change);
        }
    }

    @Test
    void arraysKeepTheirOrder() {
        ObjectNode one = Payloads.of(Trigger.PRE_SIGNUP).deepCopy();
        ObjectNode two = one.deepCopy();
        ((ObjectNode) one.get("data")).putArray("list").add("a").add("b");
        ((ObjectNode) two.get("data")).putArray("list").add("b").add("a");
        assertNotEquals(InputFingerprint.of(one), InputFingerprint.of(two));
    }

    @Test
    void fingerprintsAreShortHex() {
        assertTrue(InputFingerprint.of(Payloads.of(Trigger.PRE_SIGNUP)).matches("[0-9a-f]{12}"));
        assertTrue(InputFingerprint.draft(List.of(new PolicySource("draft.js", "export default () => 1"))).matches("[0-9a-f]{12}"));
    }

    @Test
    void aChainVersionChangesWithAnyFileOrTheData() {
        PolicyFile a = new PolicyFile(Trigger.PRE_SIGNUP, "policies/pre-signup/10-a.js", "10-a.js", "", "sha256:aa");
        PolicyFile b = new PolicyFile(Trigger.PRE_SIGNUP, "policies/pre-signup/20-b.js", "20-b.js", "", "sha256:bb");
        PolicyFile b2 = new PolicyFile(Trigger.PRE_SIGNUP, "policies/pre-signup/20-b.js", "20-b.js", "", "sha256:b2");
        String version = InputFingerprint.chain(List.of(a, b), "data1");
        assertEquals(version, InputFingerprint.chain(List.of(a, b), "data1"));
        assertNotEquals(version, InputFingerprint.chain(List.of(a, b2), "data1"));
        assertNotEquals(version, InputFingerprint.chain(List.of(b, a), "data1"));
        assertNotEquals(version, InputFingerprint.chain(List.of(a, b), "data2"));
    }

    private static Arguments same(String change, Consumer<ObjectNode> edit) {
        return Arguments.of(change, edit, true);
    }

    private static Arguments different(String change, Consumer<ObjectNode> edit) {
        return Arguments.of(change, edit, false);
    }

    private static ObjectNode context(ObjectNode payload) {
        return (ObjectNode) payload.get("interceptor_context");
    }

    private static void reversedKeys(ObjectNode payload) {
        ObjectNode context = context(payload);
        List<String> names = new ArrayList<>();
        context.fieldNames().forEachRemaining(names::add);
        ObjectNode copy = context.deepCopy();
        context.removeAll();
        for (int i = names.size() - 1; i >= 0; i--) {
            context.set(names.get(i), copy.get(names.get(i)));
        }
    }
}
