package io.interlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * policies/interlock.d.ts type-checks the shipped policies and flags the mistakes in
 * src/test/typecheck/bad-*.js. Runs TypeScript from the npm registry (installed by the script).
 */
class TypeDeclarationsTest {

    @Test
    void declarationsAcceptTheExamplesAndCatchMistakes() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "src/test/typecheck/run.sh").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "type check did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.matches("(?s).*\\b[1-9]\\d* passed, 0 failed.*"), output);
    }
}
