package io.interlock.policy;

import java.nio.file.Path;

/**
 * Where a trigger's shadow chain lives: {@code <policies>/<trigger-folder>/shadow/}. Its files run
 * as a chain beside the live one on real calls; their answer is recorded, never sent. Promoting
 * one is moving its file up one folder.
 */
public final class ShadowFolders {

    /** The subfolder of a trigger folder that holds its shadow chain. */
    public static final String NAME = "shadow";

    private ShadowFolders() {}

    /** Whether {@code file} (a path as the scan reports it) lies in {@code triggerFolder}'s shadow folder. */
    static boolean contains(Path triggerFolder, String file) {
        return Path.of(file).startsWith(triggerFolder.resolve(NAME));
    }
}
