package io.interlock.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.config.InterlockConfig;
import io.interlock.engine.EvaluationResult;
import io.interlock.json.StrictJson;
import io.interlock.policy.PolicyFile;
import io.interlock.service.Decided;
import io.interlock.service.DecisionService;
import io.interlock.signature.SignatureVerifier;
import io.interlock.signature.SigningSecret;
import io.interlock.trigger.PayloadCheck;
import io.interlock.trigger.Trigger;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The interceptor's own work for a call, done at the end of the start-up warm-up on the chains'
 * trial results, and recorded nowhere: checking a signature (with a throwaway secret, so no
 * configured one is used and no replay is remembered), parsing and checking the payload, applying
 * on-error, rendering the answer, and building the decision log's event and line. Measured on a
 * loaded 2-core machine (JDK 17), the first call after a warm-up of the chains alone spent 10 ms
 * recording and 1.4 ms on its signature, against 0.3 and 0.1 ms for the next ones.
 */
@Singleton
public final class CallRehearsal {

    private final List<DecisionRecorder> recorders;
    private final InterlockConfig config;
    private final SignatureVerifier verifier;

    CallRehearsal(List<DecisionRecorder> recorders, InterlockConfig config) {
        this.recorders = List.copyOf(recorders);
        this.config = config;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.verifier = new SignatureVerifier(List.of(SigningSecret.parse("whsec_" + Base64.getEncoder().encodeToString(key))));
    }

    /** {@code result}: the chain's run on {@code payload}; {@code files}: the chain's. */
    public void rehearse(Trigger trigger, JsonNode payload, EvaluationResult result, List<PolicyFile> files) {
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        String signature = "v1," + verifier.sign("msg_warm_up", now, body);
        Map<String, String> headers = Map.of("interceptor-id", "msg_warm_up", "interceptor-timestamp", Long.toString(now),
                "interceptor-signature", signature);
        verifier.verify(headers::get, body);
        JsonNode parsed = StrictJson.parse(body).node().orElse(payload);
        PayloadCheck.trigger(parsed);
        PayloadCheck.problems(trigger, parsed);
        Decided decided = DecisionService.apply(config.onErrorFor(trigger), result, files);
        WireAnswer.of("dec_warm_up", decided);
        DecisionRecorder.Call call = new DecisionRecorder.Call("dec_warm_up", "intercept", trigger, parsed, decided, 200, "127.0.0.1");
        recorders.forEach(r -> r.rehearse(call));
    }
}
