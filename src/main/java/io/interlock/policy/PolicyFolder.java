package io.interlock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.engine.HelperFiles;
import io.interlock.engine.PackageFiles;
import io.interlock.json.StrictJson;
import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a policies folder: {@code <trigger-folder>/*.js} in file-name order, and
 * {@code data/*.json} as one object keyed by file name without {@code .json}.
 *
 * <p>A trigger folder's {@code shadow/} subfolder holds that trigger's shadow chain, read the
 * same way (see {@link ShadowFolders}).
 *
 * <p>Other top-level entries are tooling (README, tsconfig, payloads for cases, node_modules)
 * and are skipped, except a folder holding {@code .js} files under an unknown name: that is most
 * likely a misspelt trigger, and silently never running it would be worse than refusing it.
 */
public final class PolicyFolder {

    static final Set<String> TOOLING_FOLDERS = Set.of("data", "payloads", "node_modules", "types", HelperFiles.FOLDER);
    /** How deep helpers may be nested in lib/, and how many there may be. */
    static final int MAX_HELPER_DEPTH = 8;
    static final int MAX_HELPERS = 1_000;
    /** The operator's label for the folder's version (e.g. the git commit it was deployed from). */
    static final String VERSION_FILE = "VERSION";
    static final int MAX_VERSION_LENGTH = 200;
    static final int MAX_POLICY_BYTES = 1024 * 1024;
    static final int MAX_DATA_BYTES = 8 * 1024 * 1024;

    private final Path root;
    private final PolicyOrigin origin;

    public PolicyFolder(Path root) {
        this(root, PolicyOrigin.SETTING);
    }

    public PolicyFolder(Path root, PolicyOrigin origin) {
        this.root = root;
        this.origin = origin;
    }

    public Path root() {
        return root;
    }

    public PolicyOrigin origin() {
        return origin;
    }

    public FolderScan scan() {
        List<LoadProblem> problems = new ArrayList<>();
        Map<Trigger, List<PolicyFile>> files = new EnumMap<>(Trigger.class);
        Map<Trigger, List<PolicyFile>> shadow = new EnumMap<>(Trigger.class);
        if (!Files.isDirectory(root)) {
            problems.add(LoadProblem.of(display(root), "policies folder not found"));
            return new FolderScan(files, JsonNodeFactory.instance.objectNode(), "", PackageFiles.none(), problems);
        }
        for (Path folder : list(root, problems)) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            String name = folder.getFileName().toString().replace("/", "");
            var trigger = Trigger.fromFolder(name);
            if (trigger.isPresent()) {
                files.put(trigger.get(), readPolicies(trigger.get(), folder, problems));
                Path shadowFolder = folder.resolve(ShadowFolders.NAME);
                if (Files.isDirectory(shadowFolder)) {
                    shadow.put(trigger.get(), readPolicies(trigger.get(), shadowFolder, problems));
                }
            } else if (!TOOLING_FOLDERS.contains(name) && !name.startsWith(".") && hasScripts(folder, problems)) {
                problems.add(LoadProblem.of(display(folder), "not a trigger folder; expected one of "
                        + Stream.of(Trigger.values()).map(Trigger::folder).toList()));
            }
        }
        StringBuilder dataHashes = new StringBuilder();
        ObjectNode data = readData(root.resolve("data"), problems, dataHashes);
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        files.values().stream().flatMap(List::stream).forEach(f -> sources.put(f.name(), f.source()));
        shadow.values().stream().flatMap(List::stream).forEach(f -> sources.put(f.name(), f.source()));
        NodePackages.Result packages = NodePackages.read(root, sources);
        problems.addAll(packages.problems());
        if (!packages.packages().isEmpty()) {
            dataHashes.append(NodePackages.FOLDER).append('=').append(packages.packages().hash()).append('\n');
        }
        HelperFiles helpers = new HelperFiles(display(root), readHelpers(root.resolve(HelperFiles.FOLDER), problems));
        return new FolderScan(files, data, sha256(dataHashes.toString().getBytes(StandardCharsets.UTF_8)),
                packages.packages(), problems, shadow, helpers, readVersion(root.resolve(VERSION_FILE)));
    }

    /** Every {@code .js} file under {@code lib/}, by its name as errors show it. */
    private Map<String, String> readHelpers(Path lib, List<LoadProblem> problems) {
        Map<String, String> helpers = new java.util.TreeMap<>();
        if (!Files.isDirectory(lib)) {
            return helpers;
        }
        List<Path> found;
        try (Stream<Path> walk = Files.walk(lib, MAX_HELPER_DEPTH)) {
            // Hidden entries are skipped: a ConfigMap mount holds its files twice, once under ..<timestamp>/.
            found = walk.filter(p -> p.getFileName().toString().endsWith(".js") && Files.isRegularFile(p)
                    && java.util.stream.StreamSupport.stream(lib.relativize(p).spliterator(), false)
                            .noneMatch(part -> part.toString().startsWith("."))).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(LoadProblem.of(display(lib), "cannot be listed: " + e.getMessage()));
            return helpers;
        }
        if (found.size() > MAX_HELPERS) {
            problems.add(LoadProblem.of(display(lib), "holds " + found.size() + " helpers; at most " + MAX_HELPERS + " are read"));
            found = found.subList(0, MAX_HELPERS);
        }
        for (Path file : found) {
            byte[] bytes = read(file, MAX_POLICY_BYTES, problems);
            String text = bytes == null ? null : utf8(bytes);
            if (bytes != null && text == null) {
                problems.add(LoadProblem.of(display(file), "not valid UTF-8"));
            }
            if (text != null) {
                helpers.put(display(file), text);
            }
        }
        return helpers;
    }

    /**
     * The first line of {@code VERSION}, trimmed, cut at {@link #MAX_VERSION_LENGTH}, control characters
     * replaced; empty when there is no such file or it is blank. A label is for reading, never
     * worth refusing the policies over.
     */
    private static java.util.Optional<String> readVersion(Path file) {
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        String text;
        try (var in = Files.newInputStream(file)) {
            text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        String line = text.lines().findFirst().orElse("").strip().replaceAll("\\p{Cntrl}", "?");
        line = line.length() > MAX_VERSION_LENGTH ? line.substring(0, MAX_VERSION_LENGTH) : line;
        return line.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(line);
    }

    private List<PolicyFile> readPolicies(Trigger trigger, Path folder, List<LoadProblem> problems) {
        List<PolicyFile> policies = new ArrayList<>();
        for (Path file : list(folder, problems)) {
            String fileName = file.getFileName().toString();
            if (!fileName.endsWith(".js") || !Files.isRegularFile(file)) {
                continue;
            }
            byte[] bytes = read(file, MAX_POLICY_BYTES, problems);
            if (bytes == null) {
                continue;
            }
            String text = utf8(bytes);
            if (text == null) {
                problems.add(LoadProblem.of(display(file), "not valid UTF-8"));
                continue;
            }
            policies.add(new PolicyFile(trigger, display(file), fileName, text, sha256(bytes)));
        }
        return policies;
    }

    private ObjectNode readData(Path folder, List<LoadProblem> problems, StringBuilder hashes) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        if (!Files.isDirectory(folder)) {
            return data;
        }
        for (Path file : list(folder, problems)) {
            String fileName = file.getFileName().toString();
            if (!fileName.endsWith(".json") || !Files.isRegularFile(file)) {
                continue;
            }
            byte[] bytes = read(file, MAX_DATA_BYTES, problems);
            if (bytes == null) {
                continue;
            }
            StrictJson.Parsed parsed = StrictJson.parse(bytes);
            if (parsed.error().isPresent()) {
                // file:line:column like a policy's syntax error, so editors can jump to it
                problems.add(parsed.location()
                        .map(at -> new LoadProblem(display(file), at.line(), at.column(), at.reason()))
                        .orElseGet(() -> LoadProblem.of(display(file), parsed.error().get())));
                continue;
            }
            JsonNode value = parsed.node().orElseThrow();
            data.set(fileName.substring(0, fileName.length() - ".json".length()), value);
            hashes.append(fileName).append('=').append(sha256(bytes)).append('\n');
        }
        return data;
    }

    private List<Path> list(Path folder, List<LoadProblem> problems) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            problems.add(LoadProblem.of(display(folder), "cannot be listed: " + e.getMessage()));
            return List.of();
        }
    }

    private boolean hasScripts(Path folder, List<LoadProblem> problems) {
        return list(folder, problems).stream().anyMatch(p -> p.getFileName().toString().endsWith(".js"));
    }

    private byte[] read(Path file, int max, List<LoadProblem> problems) {
        try {
            if (Files.size(file) > max) {
                problems.add(LoadProblem.of(display(file), "larger than " + max / 1024 + " KiB"));
                return null;
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            problems.add(LoadProblem.of(display(file), "cannot be read: " + e.getMessage()));
            return null;
        }
    }

    private String display(Path path) {
        return path.toString();
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
