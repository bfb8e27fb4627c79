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
    private final io.interlock.policy.PolicyVersions versions;

    PoliciesController(PolicyRepository policies, InterlockConfig config, io.interlock.policy.PolicyVersions versions) {
        this.policies = policies;
        this.config = config;
        this.versions = versions;
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
            state.active().ifPresent(active -> node.set("version", versions.of(active)));
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
        // The helpers of lib/, read-only, for the playground to show beside the policies and drafts to import.
        ArrayNode helpers = root.putArray("helpers");
        var lib = policies.helpers();
        new java.util.TreeMap<>(lib.files()).forEach((path, text) -> helpers.addObject().put("path", path)
                .put("import", "../" + io.interlock.engine.HelperFiles.FOLDER + "/" + relativeToLib(lib, path))
                .put("hash", lib.hash(path).orElse("")).put("source", text));
        return root.toString();
    }

    /** The chain's files, each with every helper it imports, directly or through another helper (issue 28). */
    private static void files(ArrayNode files, java.util.Optional<PolicyRepository.ActiveChain> chain) {
        chain.ifPresent(active -> {
            var helpers = active.chain().helpersByPolicy();
            for (PolicyFile file : active.files()) {
                ObjectNode entry = files.addObject().put("name", file.fileName()).put("path", file.name()).put("hash", file.hash())
                        .put("loaded_at", active.loadedAt().toString()).put("source", file.source());
                ArrayNode used = entry.putArray("helpers");
                helpers.getOrDefault(file.name(), java.util.Map.of()).forEach((path, hash) -> used.addObject()
                        .put("path", path).put("hash", hash));
            }
        });
    }

    /** A helper's path within lib/, as a policy in a trigger folder imports it ({@code ../lib/<this>}). */
    private static String relativeToLib(io.interlock.engine.HelperFiles lib, String path) {
        Path libFolder = Path.of(lib.root()).resolve(io.interlock.engine.HelperFiles.FOLDER);
        return libFolder.relativize(Path.of(path)).toString().replace(java.io.File.separatorChar, '/');
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
