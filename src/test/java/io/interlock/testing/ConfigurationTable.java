package io.interlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The settings README.md's Configuration table names, as a reader sees them: its first column's names. */
public final class ConfigurationTable {

    private static final Pattern NAME = Pattern.compile("`((?:INTERLOCK|MICRONAUT)_[A-Z0-9_<>]+)`");

    private ConfigurationTable() {}

    public static List<String> settings() {
        List<String> names = new ArrayList<>();
        boolean inSection = false;
        for (String line : readme()) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
            } else if (inSection && line.startsWith("| `")) {
                Matcher name = NAME.matcher(line.split("\\|")[1]);
                while (name.find()) {
                    names.add(name.group(1));
                }
            }
        }
        if (names.isEmpty()) {
            throw new AssertionError("README.md has no Configuration table with settings in its first column");
        }
        return names;
    }

    private static List<String> readme() {
        try {
            return Files.readAllLines(Path.of("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
