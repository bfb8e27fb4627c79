package io.interlock.policy;

import io.interlock.engine.NodeResolver;
import io.interlock.engine.PackageFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the npm packages the policies {@code require()} from the policies folder's
 * {@code node_modules} ({@code cd policies && npm install <package>}), so the sandbox can
 * instantiate them without touching the disk. Only what is reached is read: the literal
 * {@code require("…")} calls of the policies, followed through the files they resolve to, with
 * the same resolver the sandbox uses. A {@code require} of a computed name finds only what was
 * read this way.
 *
 * <p>Bounds: {@value #MAX_FILES} files, {@value #MAX_FILE_BYTES} bytes a file and
 * {@value #MAX_TOTAL_BYTES} in all; a file whose real path leaves {@code node_modules} (a symbolic
 * link pointing elsewhere) is not read. What cannot be read is a load problem of each policy that
 * requires it, naming the package and the bound (issue 24): that policy does not load and its
 * trigger keeps its last good chain, while the other triggers load as usual.
 */
public final class NodePackages {

    static final int MAX_FILES = 2_000;
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    static final int MAX_TOTAL_BYTES = 32 * 1024 * 1024;
    static final String FOLDER = "node_modules";
    private static final Pattern REQUIRE = Pattern.compile("\\brequire\\s*\\(\\s*(['\"])([^'\"\\n\\r]{1,214})\\1\\s*\\)");
    /** Files the resolver may look at whose text matters; others (an addon, binding.gyp) are only noted as present. */
    private static final Set<String> TEXT = Set.of(".js", ".cjs", ".mjs", ".json");

    /** The files read, and what could not be read. */
    public record Result(PackageFiles packages, List<LoadProblem> problems) {}

    private final Path root;
    private final Path modules;
    private final Map<String, String> read = new LinkedHashMap<>();
    private final Map<String, Boolean> present = new HashMap<>();
    private final List<LoadProblem> problems = new ArrayList<>();
    private long bytes;
    private boolean full;
    /** The policy being traced and the package its require() led to: whom a problem belongs to. */
    private String policy = "";
    private String requiredPackage = "";
    private final java.util.Set<String> blamed = new java.util.HashSet<>();
    /** Files a bound kept out, and which bound: every policy that needs one is told. */
    private final Map<String, String> refused = new HashMap<>();

    private NodePackages(Path root) {
        this.root = root;
        this.modules = root.resolve(FOLDER);
    }

    /** Reads what the policies' texts reach; nothing when there is no node_modules. */
    public static Result read(Path root, Collection<String> sources) {
        Map<String, String> named = new LinkedHashMap<>();
        sources.forEach(source -> named.put("(policy " + named.size() + ")", source));
        return read(root, named);
    }

    /** As above, with each policy's text under its name, which the problems it meets carry. */
    public static Result read(Path root, Map<String, String> policies) {
        NodePackages reader = new NodePackages(root);
        if (Files.isDirectory(reader.modules)) {
            NodeResolver resolver = new NodeResolver(reader.new Disk());
            policies.forEach((name, source) -> reader.trace(resolver, name, source));
        }
        return new Result(new PackageFiles(reader.read), List.copyOf(reader.problems));
    }

    /** Follows one policy's requires; files another policy already read are not read again. */
    private void trace(NodeResolver resolver, String name, String source) {
        policy = name;
        Deque<String[]> pending = new ArrayDeque<>();
        requires(source).forEach(spec -> pending.add(new String[] {"", spec, packageOf(spec)}));
        Set<String> seen = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            String[] next = pending.poll();
            requiredPackage = next[2];
            String id = resolver.resolve(next[0], next[1]);
            if (!id.startsWith("file:") || !seen.add(id)) {
                continue;
            }
            String path = id.substring(5);
            String text = read.get(path);
            if (text != null) {
                String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
                requires(text).forEach(spec -> pending.add(new String[] {dir, spec, next[2]}));
            }
        }
    }

    private static String packageOf(String specifier) {
        return specifier.startsWith(".") || specifier.startsWith("/") ? specifier : NodeResolver.packageName(specifier);
    }

    /** A problem of the policy being traced, once per policy and package. */
    private void blame(Path file, String reason) {
        if (blamed.add(policy + "\n" + requiredPackage)) {
            problems.add(LoadProblem.of(policy, "requires '" + requiredPackage + "', which cannot be loaded: " + reason
                    + " (" + root.relativize(file) + ")"));
        }
    }

    static List<String> requires(String source) {
        List<String> found = new ArrayList<>();
        Matcher m = REQUIRE.matcher(source);
        while (m.find()) {
            found.add(m.group(2));
        }
        return found;
    }

    /** The disk as the resolver sees it: only under node_modules, only within the bounds; each file read once. */
    private final class Disk implements NodeResolver.Files {
        @Override
        public boolean isFile(String path) {
            Boolean known = present.get(path);
            if (known == null) {
                known = load(path);
                present.put(path, known);
            } else if (!known && refused.containsKey(path)) {
                blame(root.resolve(path), refused.get(path)); // another policy that needs it meets the bound too
            }
            return known;
        }

        @Override
        public String read(String path) {
            return isFile(path) ? read.get(path) : null;
        }

        @Override
        public boolean isDirectory(String path) {
            Path dir = inside(path);
            return dir != null && Files.isDirectory(dir);
        }

        private boolean load(String path) {
            Path file = inside(path);
            if (file == null || !Files.isRegularFile(file)) {
                return false;
            }
            String extension = path.contains(".") ? path.substring(path.lastIndexOf('.')) : "";
            if (!TEXT.contains(extension)) {
                read.put(path, ""); // present, so the resolver refuses it the same way at run time
                return true;
            }
            try {
                long size = Files.size(file);
                if (size > MAX_FILE_BYTES || bytes + size > MAX_TOTAL_BYTES || read.size() >= MAX_FILES) {
                    blame(file, size > MAX_FILE_BYTES ? "a file is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB"
                            : "the packages the policies require exceed Interlock's bound of " + MAX_FILES + " files or "
                            + MAX_TOTAL_BYTES / (1024 * 1024) + " MiB in all");
                    full = size <= MAX_FILE_BYTES || full;
                    refused.put(path, size > MAX_FILE_BYTES ? "a file is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB"
                            : "the packages the policies require exceed Interlock's bound of " + MAX_FILES + " files or "
                            + MAX_TOTAL_BYTES / (1024 * 1024) + " MiB in all");
                    return false;
                }
                String text = utf8(Files.readAllBytes(file));
                if (text == null) {
                    blame(file, "a file is not valid UTF-8");
                    return false;
                }
                bytes += size;
                read.put(path, text);
                return true;
            } catch (IOException e) {
                blame(file, "a file cannot be read: " + e.getMessage());
                return false;
            }
        }

        /** The path under node_modules, or null when it (or a link in it) leads anywhere else. */
        private Path inside(String path) {
            if (!path.equals(FOLDER) && !path.startsWith(FOLDER + "/")) {
                return null;
            }
            Path candidate = root.resolve(path).normalize();
            if (!candidate.startsWith(modules) || !Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) && !Files.exists(candidate)) {
                return null;
            }
            try {
                if (!"file".equals(candidate.getFileSystem().provider().getScheme())
                        || candidate.toRealPath().startsWith(modules.toRealPath())) {
                    return candidate;
                }
            } catch (IOException e) {
                return null;
            }
            return null;
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
