package io.interlock.policy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a trigger's shadow chain lives: {@code <policies>/<trigger-folder>/shadow/}. The shadow
 * chain is the live chain as it would be once the shadow folder's files are moved up into the
 * trigger folder: the live files, plus the shadow's, a shadow file replacing the live file of the
 * same name, in file-name order. So what it answered is what the live chain will answer once
 * promoted, and promoting is exactly that move. It runs beside the live one on real calls; its
 * answer is recorded, never sent.
 */
public final class ShadowFolders {

    /** The subfolder of a trigger folder that holds its shadow chain. */
    public static final String NAME = "shadow";

    private ShadowFolders() {}

    /** The shadow chain of a trigger whose live files are {@code live}; empty when {@code shadow} is. */
    public static List<PolicyFile> chain(List<PolicyFile> live, List<PolicyFile> shadow) {
        if (shadow.isEmpty()) {
            return List.of();
        }
        Map<String, PolicyFile> byName = new TreeMap<>();
        live.forEach(f -> byName.put(f.fileName(), f));
        shadow.forEach(f -> byName.put(f.fileName(), f));
        return List.copyOf(byName.values());
    }

    /** Whether {@code file} (a path as the scan reports it) lies in {@code triggerFolder}'s shadow folder. */
    static boolean contains(Path triggerFolder, String file) {
        return Path.of(file).startsWith(triggerFolder.resolve(NAME));
    }
}
