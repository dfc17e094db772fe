package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every scenario in openspec/specs names the test class that proves it, and that class exists, so a reader can go
 * from a requirement to its test and a renamed or deleted test breaks the build instead of the spec silently.
 */
class OpenSpecTraceabilityTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern TEST_CLASS = Pattern.compile("\\b([A-Z][A-Za-z0-9]*Tests)\\b");

    @Test
    void everyScenarioNamesAnExistingTestClass() throws IOException {
        Set<String> testClasses;
        try (Stream<Path> files = Files.walk(ROOT)) {
            testClasses = files.filter(p -> p.toString().contains("/src/test/java/") && p.toString().endsWith("Tests.java"))
                    .map(p -> p.getFileName().toString().replace(".java", "")).collect(Collectors.toSet());
        }
        List<String> problems = new ArrayList<>();
        try (Stream<Path> specs = Files.walk(ROOT.resolve("openspec/specs"))) {
            specs.filter(p -> p.getFileName().toString().equals("spec.md")).forEach(spec -> {
                for (String scenario : scenarios(spec)) {
                    Matcher m = TEST_CLASS.matcher(scenario);
                    boolean named = false;
                    while (m.find()) {
                        named = true;
                        if (!testClasses.contains(m.group(1))) {
                            problems.add(ROOT.relativize(spec) + ": " + m.group(1) + " does not exist");
                        }
                    }
                    if (!named) {
                        problems.add(ROOT.relativize(spec) + ": scenario names no test class: "
                                + scenario.lines().findFirst().orElse(""));
                    }
                }
            });
        }

        assertThat(problems).isEmpty();
    }

    private static List<String> scenarios(Path spec) {
        String text;
        try {
            text = Files.readString(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> scenarios = new ArrayList<>();
        String[] parts = text.split("(?m)^#### Scenario:");
        for (int i = 1; i < parts.length; i++) {
            scenarios.add(parts[i].split("(?m)^#{1,3} ")[0]);
        }
        return scenarios;
    }
}
