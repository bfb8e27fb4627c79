package io.interlock.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The shared helpers policies may import: the ES modules of {@code <root>/lib/}, read with the
 * policies (see {@code policy.PolicyFolder}). {@code root} is the policies folder as policy names
 * spell it ({@code policies}), {@code files} maps each helper's name in the same spelling
 * ({@code policies/lib/mail.js}) to its text. Nothing is read at run time: the sandbox gets the
 * helpers' compiled factories, never a path.
 */
public record HelperFiles(String root, Map<String, String> files, String draftFolder) {

    /** The folder under the policies folder that holds the helpers. */
    public static final String FOLDER = "lib";

    private static final HelperFiles NONE = new HelperFiles("", Map.of());

    public HelperFiles {
        files = Map.copyOf(files);
    }

    public HelperFiles(String root, Map<String, String> files) {
        this(root, files, null);
    }

    /**
     * The same helpers for drafts (the playground's dry runs), whose names are not paths in the
     * folder: a draft imports as if it were a file of {@code triggerFolder} ({@code ../lib/mail.js}).
     */
    public HelperFiles forDrafts(String triggerFolder) {
        return new HelperFiles(root, files, triggerFolder);
    }

    public static HelperFiles none() {
        return NONE;
    }

    /** Where a relative specifier written in {@code importer} leads: a helper's name, or why not. */
    sealed interface Resolution permits Found, Refused {}

    record Found(String name) implements Resolution {}

    /** {@code inLib}: the specifier leads into lib/ (a helper that is not there, or not a path), not elsewhere. */
    record Refused(String reason, boolean inLib) implements Resolution {
        Refused(String reason) {
            this(reason, false);
        }
    }

    Resolution resolve(String importer, String specifier) {
        if (!specifier.startsWith("./") && !specifier.startsWith("../")) {
            return new Refused("only relative imports of helpers in " + libFolder() + "/ are available (e.g. '../"
                    + FOLDER + "/mail.js'); '" + specifier + "' is not one");
        }
        Path target;
        try {
            Path from = placed(importer).getParent();
            target = (from == null ? Path.of(specifier) : from.resolve(specifier)).normalize();
        } catch (InvalidPathException e) {
            return new Refused("'" + specifier + "' is not a path");
        }
        String name = target.toString();
        Path rootPath = Path.of(root.isEmpty() ? "." : root).normalize();
        Path lib = rootPath.resolve(FOLDER).normalize();
        boolean inside = rootPath.toString().isEmpty() ? !target.startsWith("..") && !target.isAbsolute() : target.startsWith(rootPath);
        if (!inside) {
            return new Refused("'" + specifier + "' leads to " + name + ", outside the policies folder");
        }
        if (!target.startsWith(lib)) {
            return new Refused("'" + specifier + "' leads to " + name + ", which is not in " + libFolder()
                    + "/: only helpers there can be imported");
        }
        for (String helper : files.keySet()) {
            if (Path.of(helper).normalize().equals(target)) {
                return new Found(helper);
            }
        }
        String hint = !name.endsWith(".js") && resolve(importer, specifier + ".js") instanceof Found ? " (did you mean '" + specifier + ".js'?)" : "";
        return new Refused("no such helper: " + name + hint, true);
    }

    /** Where {@code importer} stands in the folder: a draft not named by a path in it stands in the draft folder. */
    private Path placed(String importer) {
        Path path = Path.of(importer);
        Path rootPath = Path.of(root.isEmpty() ? "." : root).normalize();
        if (draftFolder == null || (path.normalize().startsWith(rootPath) && !rootPath.toString().isEmpty())) {
            return path;
        }
        Path name = path.getFileName();
        return rootPath.resolve(draftFolder).resolve(name == null ? "draft.js" : name.toString());
    }

    /** As Node's require() finds a CommonJS file: the name as written, or with {@code .js} added. */
    Resolution resolveRequire(String importer, String specifier) {
        Resolution exact = resolve(importer, specifier);
        if (exact instanceof Refused && !specifier.endsWith(".js")
                && resolve(importer, specifier + ".js") instanceof Found found) {
            return found;
        }
        return exact;
    }

    String libFolder() {
        return Path.of(root.isEmpty() ? "." : root).resolve(FOLDER).toString();
    }

    /** {@code sha256:<hex>} of a helper's text, as the policies' hashes are. */
    public Optional<String> hash(String name) {
        return Optional.ofNullable(files.get(name)).map(HelperFiles::sha256);
    }

    static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
