package io.interlock.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of the npm packages the policies require, read from the policies folder's
 * {@code node_modules} when the folder is loaded (see {@code policy.NodePackages}): path relative
 * to the policies folder → text. Marker files (a {@code binding.gyp}, a {@code .node} addon) are
 * kept with empty text so the sandbox's resolver refuses what the reader refused.
 */
public record PackageFiles(Map<String, String> files) {

    private static final PackageFiles NONE = new PackageFiles(Map.of());

    public PackageFiles {
        files = Map.copyOf(files);
    }

    public static PackageFiles none() {
        return NONE;
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** sha256 over every path and text, so a reload notices a changed or added package file. */
    public String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(files).forEach((path, text) -> {
                digest.update(path.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(text.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same files as the resolver sees them at run time. */
    NodeResolver.Files view() {
        return new NodeResolver.Files() {
            @Override
            public boolean isFile(String path) {
                return files.containsKey(path);
            }

            @Override
            public String read(String path) {
                return files.get(path);
            }

            @Override
            public boolean isDirectory(String path) {
                String prefix = path + "/";
                return files.keySet().stream().anyMatch(p -> p.startsWith(prefix));
            }
        };
    }
}
