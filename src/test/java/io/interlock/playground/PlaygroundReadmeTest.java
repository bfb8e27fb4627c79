package io.interlock.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * playground/README.md is the map of the page's files: its table lists every file of the folder
 * and nothing else, every file it names or links is in the repository, and the samples it calls
 * the same bytes as the policies' payloads are.
 */
class PlaygroundReadmeTest {

    private static final Path FOLDER = Path.of("playground");
    /** A file named in backquotes or linked: a path with a folder and an extension. */
    private static final Pattern NAMED = Pattern.compile("`([\\w.<>*-]+(?:/[\\w.<>*-]+)+\\.\\w+)`|\\]\\(([^)#]+)");
    /** Served from the Monaco WebJar, not from the repository. */
    private static final Set<String> FROM_THE_WEBJAR = Set.of("webjars", "META-INF");

    @Test
    void theTableListsEveryFileOfTheFolderAndNoOther() throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : readme()) {
            if (line.startsWith("| `")) {
                Matcher file = Pattern.compile("`([^`]+)`").matcher(line.split("\\|")[1]);
                while (file.find()) {
                    rows.add(file.group(1));
                }
            }
        }
        Set<String> unlisted = new TreeSet<>();
        Set<String> matched = new TreeSet<>();
        try (Stream<Path> files = Files.walk(FOLDER)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = FOLDER.relativize(file).toString();
                List<String> rowsOf = rows.stream().filter(r -> glob(r).matches(Path.of(name))).toList();
                if (rowsOf.isEmpty() && !name.equals("README.md")) {
                    unlisted.add(name);
                }
                matched.addAll(rowsOf);
            }
        }
        assertEquals(Set.of(), unlisted, "files of playground/ the README's table does not list");
        assertEquals(new TreeSet<>(rows), matched, "every row of the table names a file that is there");
    }

    @Test
    void everyFileItNamesIsInTheRepository() throws IOException {
        Set<String> missing = new TreeSet<>();
        Matcher named = NAMED.matcher(String.join("\n", readme()));
        while (named.find()) {
            String path = named.group(1) != null ? named.group(1) : named.group(2);
            if (path.contains("://") || FROM_THE_WEBJAR.contains(path.split("/")[0])) {
                continue;
            }
            if (!exists(FOLDER, path) && !exists(Path.of("."), path)) {
                missing.add(path);
            }
        }
        assertEquals(Set.of(), missing, "named in playground/README.md, not in the repository");
    }

    @Test
    void theSamplesAreThePoliciesPayloads() throws IOException {
        try (Stream<Path> samples = Files.list(FOLDER.resolve("samples"))) {
            for (Path sample : samples.toList()) {
                assertEquals(Files.readString(Path.of("policies/payloads").resolve(sample.getFileName())), Files.readString(sample),
                        sample.toString());
            }
        }
    }

    private static boolean exists(Path base, String path) throws IOException {
        if (!path.contains("*") && !path.contains("<")) {
            return Files.exists(base.resolve(path).normalize());
        }
        PathMatcher matcher = glob(base.resolve(path).normalize().toString());
        try (Stream<Path> files = Files.walk(base)) {
            return files.anyMatch(f -> matcher.matches(f.normalize()));
        }
    }

    /** {@code samples/<trigger-folder>.json} and {@code *.json} as globs. */
    private static PathMatcher glob(String path) {
        return FileSystems.getDefault().getPathMatcher("glob:" + path.replaceAll("<[^>]+>", "*"));
    }

    private static List<String> readme() throws IOException {
        return Files.readAllLines(FOLDER.resolve("README.md"));
    }
}
