package io.interlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.engine.HelperFiles;
import io.interlock.engine.PackageFiles;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.Map;

/**
 * Everything read from a policies folder in one pass: files per trigger, shared data, the npm
 * package files the policies require, the helpers of {@code lib/} they may import, the operator's
 * {@code VERSION} label (empty when there is no such file), problems. {@code dataHash} covers the
 * data files and the package files: what policies read besides their own text and their helpers.
 * {@code shadow} holds the files of each trigger's shadow folder ({@code <trigger>/shadow/*.js}).
 */
public record FolderScan(Map<Trigger, List<PolicyFile>> files, JsonNode data, String dataHash, PackageFiles packages,
        List<LoadProblem> problems, Map<Trigger, List<PolicyFile>> shadow, HelperFiles helpers,
        java.util.Optional<String> versionLabel) {

    public FolderScan(Map<Trigger, List<PolicyFile>> files, JsonNode data, String dataHash, PackageFiles packages,
            List<LoadProblem> problems) {
        this(files, data, dataHash, packages, problems, Map.of(), HelperFiles.none(), java.util.Optional.empty());
    }

    public List<PolicyFile> filesFor(Trigger trigger) {
        return files.getOrDefault(trigger, List.of());
    }

    /** The files of the trigger's shadow folder, in file-name order; empty when it has none. */
    public List<PolicyFile> shadowFor(Trigger trigger) {
        return shadow.getOrDefault(trigger, List.of());
    }

    /** The trigger's shadow chain: its live files with the shadow folder's over them ({@link ShadowFolders#chain}). */
    public List<PolicyFile> shadowChainFor(Trigger trigger) {
        return ShadowFolders.chain(filesFor(trigger), shadowFor(trigger));
    }
}
