package io.interlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 28: what a scan reads of lib/ (the helpers) and of VERSION (the policies version label). */
class HelperFolderTest {

    @TempDir
    Path root;

    private void write(String path, String text) throws IOException {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), text);
    }

    @Test
    void helpersAreTheJsFilesOfLibAtAnyDepthButHiddenOnes() throws IOException {
        write("pre-signup/10-a.js", "export default () => ({decision: 'ALLOW'});");
        write("lib/mail.js", "export const a = 1;");
        write("lib/billing/client.js", "export const b = 2;");
        write("lib/README.md", "not a helper");
        // a ConfigMap mount keeps each file a second time under a hidden, timestamped folder
        write("lib/..2026_12_07_10_00_00.1/mail.js", "export const a = 1;");
        FolderScan scan = new PolicyFolder(root).scan();
        assertEquals(List.of(), scan.problems());
        assertEquals(List.of(root.resolve("lib/billing/client.js").toString(), root.resolve("lib/mail.js").toString()),
                scan.helpers().files().keySet().stream().sorted().toList());
        assertEquals(root.toString(), scan.helpers().root());
    }

    @Test
    void theVersionLabelIsTheFirstLineOfVersionTrimmedAndCut() throws IOException {
        write("pre-signup/10-a.js", "export default () => ({decision: 'ALLOW'});");
        assertEquals(Optional.empty(), new PolicyFolder(root).scan().versionLabel());
        write("VERSION", "  3f2c1ab \nsecond line\n");
        assertEquals(Optional.of("3f2c1ab"), new PolicyFolder(root).scan().versionLabel());
        write("VERSION", "v\u0007" + "x".repeat(300));
        assertEquals(Optional.of("v?" + "x".repeat(198)), new PolicyFolder(root).scan().versionLabel());
        write("VERSION", "\n");
        assertEquals(Optional.empty(), new PolicyFolder(root).scan().versionLabel());
    }
}
