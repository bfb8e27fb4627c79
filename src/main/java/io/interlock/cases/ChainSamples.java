package io.interlock.cases;

import io.interlock.engine.Sample;
import io.interlock.fetch.DeclaredAnswers;
import io.interlock.trigger.SamplePayloads;
import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the service tries a trigger's chain on, and warms it with, before it serves: the chain's
 * own cases, each with the {@code fetch()} answers it declares (never the network), then the
 * payload files of {@code payloads/} for that trigger, then the trigger's seed payload, so there
 * is always one. Cases about a failing policy are left out: they fail on purpose. Cases files that
 * do not parse add nothing; {@code interlock test} is where they are reported.
 */
public final class ChainSamples {

    /** Enough to cover a chain's paths; a large suite of cases would only make each start longer. */
    static final int MAX = 64;

    private ChainSamples() {}

    public static List<Sample> of(Path root, Trigger trigger) {
        return of(root, trigger, trigger.folder());
    }

    /** A shadow chain's samples: its own cases (in {@code <trigger>/shadow/}), then the same payloads as the live chain's. */
    public static List<Sample> shadowOf(Path root, Trigger trigger) {
        return of(root, trigger, trigger.folder() + "/" + io.interlock.policy.ShadowFolders.NAME);
    }

    private static List<Sample> of(Path root, Trigger trigger, String casesFolder) {
        List<Sample> samples = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        CaseParser parser = new CaseParser(new PayloadFiles(root));
        for (Path file : CaseRunner.casesFiles(root.resolve(casesFolder))) {
            String label = casesFolder + "/" + file.getFileName();
            for (PolicyCase c : parser.parse(file, label, trigger).cases()) {
                if (c.expect().failure().isEmpty()) {
                    seen.add(c.payload().toString());
                    samples.add(new Sample(label + " \"" + c.name() + "\"", c.payload(), new DeclaredAnswers(c.fetch())));
                }
            }
        }
        PayloadFiles payloads = new PayloadFiles(root);
        for (String relative : payloadFiles(root)) {
            PayloadFiles.Loaded loaded = payloads.load(relative);
            if (loaded.payload() != null && trigger.wireName().equals(loaded.payload().path("trigger_point").asText())) {
                add(samples, seen, Sample.offline(relative, loaded.payload()));
            }
        }
        add(samples, seen, Sample.offline("the seed payload of " + trigger.wireName(), SamplePayloads.of(trigger)));
        return samples.size() <= MAX ? List.copyOf(samples) : List.copyOf(samples.subList(0, MAX));
    }

    /** A payload a case already runs (with its declared answers) adds nothing. */
    private static void add(List<Sample> samples, Set<String> seen, Sample sample) {
        if (seen.add(sample.payload().toString())) {
            samples.add(sample);
        }
    }

    private static List<String> payloadFiles(Path root) {
        Path folder = root.resolve("payloads");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                    .map(f -> "payloads/" + f.getFileName()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
