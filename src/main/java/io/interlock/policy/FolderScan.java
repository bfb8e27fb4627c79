package io.interlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.Map;

/** Everything read from a policies folder in one pass: files per trigger, shared data, problems. */
public record FolderScan(Map<Trigger, List<PolicyFile>> files, JsonNode data, String dataHash, List<LoadProblem> problems) {

    public List<PolicyFile> filesFor(Trigger trigger) {
        return files.getOrDefault(trigger, List.of());
    }
}
