package io.interlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.engine.PackageFiles;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.Map;

/**
 * Everything read from a policies folder in one pass: files per trigger, shared data, the npm
 * package files the policies require, problems. {@code dataHash} covers the data files and the
 * package files: what policies read besides their own text.
 */
public record FolderScan(Map<Trigger, List<PolicyFile>> files, JsonNode data, String dataHash, PackageFiles packages,
        List<LoadProblem> problems) {

    public List<PolicyFile> filesFor(Trigger trigger) {
        return files.getOrDefault(trigger, List.of());
    }
}
