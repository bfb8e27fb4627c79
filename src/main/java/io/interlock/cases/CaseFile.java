package io.interlock.cases;

import io.interlock.policy.LoadProblem;
import io.interlock.trigger.Trigger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed cases file. {@code policy} names the one policy file its cases run against
 * ({@code 10-domains.js} for {@code 10-domains.cases.json}); empty for a folder's
 * {@code cases.json}, whose cases run the whole chain. Cases that could not be read are in
 * {@code problems}; the others still run.
 */
public record CaseFile(
        Path path,
        String display,
        Trigger trigger,
        Optional<String> policy,
        List<PolicyCase> cases,
        List<LoadProblem> problems) {

    /** The name of the whole-chain cases file in a trigger folder. */
    public static final String CHAIN_FILE = "cases.json";
    /** The suffix of a single policy's cases file, which replaces the policy's {@code .js}. */
    public static final String POLICY_SUFFIX = ".cases.json";

    public CaseFile {
        cases = List.copyOf(cases);
        problems = List.copyOf(problems);
    }

    /** The policy a file name belongs to, or empty for the chain file and unrelated files. */
    public static Optional<String> policyFor(String fileName) {
        if (!fileName.endsWith(POLICY_SUFFIX) || fileName.equals(POLICY_SUFFIX)) {
            return Optional.empty();
        }
        return Optional.of(fileName.substring(0, fileName.length() - POLICY_SUFFIX.length()) + ".js");
    }

    public static boolean isCasesFile(String fileName) {
        return fileName.equals(CHAIN_FILE) || policyFor(fileName).isPresent();
    }
}
