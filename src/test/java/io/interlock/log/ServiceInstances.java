package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.config.Store;
import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Whole Interlock services in the test JVM, as replicas run them: each its own context, port and decision writer. */
final class ServiceInstances {

    static final Signer SIGNER = new Signer(Signer.SECRET);

    private ServiceInstances() {}

    /** The settings that point a service at the database. */
    static Map<String, String> properties(Store.Database database) {
        Map<String, String> p = new HashMap<>();
        p.put("interlock.decision-db", database.url());
        database.user().ifPresent(u -> p.put("interlock.decision-db-user", u));
        database.password().ifPresent(pw -> p.put("interlock.decision-db-password", pw));
        p.put("interlock.decision-retention-days", Integer.toString(database.retentionDays()));
        p.put("interlock.decision-db-buffer", Integer.toString(database.buffer()));
        return p;
    }

    static EmbeddedServer start(Store.Database database) {
        Map<String, Object> p = new HashMap<>(properties(database));
        p.put("interlock.policies", "policies");
        p.put("interlock.signing-secrets", Signer.SECRET);
        p.put("micronaut.server.port", -1);
        return ApplicationContext.run(EmbeddedServer.class, p, "test");
    }

    /** A signed sign-up call; its decision id. */
    static String intercept(EmbeddedServer server) {
        HttpResponse<String> answer = Signer.send(SIGNER.signed(server.getURI().resolve("/v1/intercept"),
                Payloads.bytes(Trigger.PRE_SIGNUP)).build());
        assertEquals(200, answer.statusCode(), answer.body());
        return answer.headers().firstValue("interlock-decision-id").orElseThrow();
    }

    static HttpResponse<String> get(EmbeddedServer server, String pathAndQuery) {
        return Signer.send(HttpRequest.newBuilder(server.getURI().resolve(pathAndQuery)).GET().build());
    }

    /** The ids a GET /v1/decisions page lists, or an empty list when the answer is not 200. */
    static List<String> listed(EmbeddedServer server, String query) {
        HttpResponse<String> page = get(server, "/v1/decisions?" + query);
        List<String> ids = new ArrayList<>();
        if (page.statusCode() == 200) {
            DecisionLogTest.parse(page.body()).get("decisions").forEach(d -> ids.add(d.get("id").asText()));
        }
        return ids;
    }

    static JsonNode storeHealth(EmbeddedServer server) {
        return DecisionLogTest.parse(get(server, "/health").body()).path("details").path("decision_store");
    }
}
