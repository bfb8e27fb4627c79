package io.interlock.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.InterlockConfig;
import io.interlock.policy.PolicyFile;
import io.interlock.policy.PolicyOrigin;
import io.interlock.policy.PolicyRepository;
import io.interlock.policy.ShadowFolders;
import io.interlock.trigger.Trigger;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What is loaded: per trigger the chain in order with hashes and load time and that trigger's
 * load errors, and the same for its shadow chain; at the top level every load error, folder-wide
 * and per trigger.
 */
@Controller("/v1/policies")
final class PoliciesController {

    private final PolicyRepository policies;
    private final InterlockConfig config;

    PoliciesController(PolicyRepository policies, InterlockConfig config) {
        this.policies = policies;
        this.config = config;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    String list() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("folder", policies.folder().root().toUri().toString());
        PolicyOrigin origin = policies.folder().origin();
        root.put("source", origin.wire());
        root.put("packaged_examples", origin == PolicyOrigin.PACKAGED_EXAMPLES);
        origin.warning().ifPresent(w -> root.put("warning", w));
        root.put("reload", config.reload());
        ArrayNode triggers = root.putArray("triggers");
        for (Trigger trigger : Trigger.values()) {
            var state = policies.state(trigger);
            ObjectNode node = triggers.addObject();
            node.put("trigger", trigger.wireName());
            node.put("folder", trigger.folder());
            files(node.putArray("files"), state.active());
            ArrayNode errors = node.putArray("errors");
            state.problems().forEach(p -> errors.add(JsonViews.problem(p)));
            // the shadow chain (<folder>/shadow/): run beside the live one, recorded, never enforced
            var shadow = policies.shadow(trigger);
            ObjectNode shadowNode = node.putObject("shadow");
            shadowNode.put("folder", trigger.folder() + "/" + ShadowFolders.NAME);
            files(shadowNode.putArray("files"), shadow.active());
            ArrayNode shadowErrors = shadowNode.putArray("errors");
            shadow.problems().forEach(p -> shadowErrors.add(JsonViews.problem(p)));
        }
        // Every load error in one place (each trigger's too, not only the folder's), so a reader
        // of the top level sees that something did not load without walking the triggers.
        ArrayNode errors = root.putArray("errors");
        policies.problems().forEach(p -> errors.add(JsonViews.problem(p)));
        return root.toString();
    }

    private static void files(ArrayNode files, java.util.Optional<PolicyRepository.ActiveChain> chain) {
        chain.ifPresent(active -> {
            for (PolicyFile file : active.files()) {
                files.addObject().put("name", file.fileName()).put("path", file.name()).put("hash", file.hash())
                        .put("loaded_at", active.loadedAt().toString()).put("source", file.source());
            }
        });
    }

    /** The policy type declarations, for editor completion in the playground. */
    @Get(value = "/types", produces = "text/plain")
    MutableHttpResponse<String> types() throws IOException {
        Path types = policies.folder().root().resolve("interlock.d.ts");
        if (!Files.isRegularFile(types)) {
            return ApiError.response(HttpStatus.NOT_FOUND, "not_found", "no interlock.d.ts in the policies folder");
        }
        return HttpResponse.ok(Files.readString(types)).contentType(MediaType.TEXT_PLAIN_TYPE);
    }
}
