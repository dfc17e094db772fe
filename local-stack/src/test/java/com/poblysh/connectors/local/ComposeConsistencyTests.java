package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.poblysh.connectors.schemas.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where the tests run, so docker-compose.yml is checked against the code instead: the
 * variables each service reads, its port, health checks, start order and topic names.
 */
class ComposeConsistencyTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(POBLYSH_[A-Z0-9_]+)");
    private static final Pattern GETENV = Pattern.compile("getenv\\(\"(POBLYSH_[A-Z0-9_]+)\"");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Map<String, String> PORT_VARIABLE = Map.of(
            "ingest-service", "POBLYSH_INGEST_PORT",
            "signal-processor", "POBLYSH_PROCESSOR_PORT",
            "query-api", "POBLYSH_QUERY_PORT");

    /**
     * Lists a service binds from indexed variables by Spring's relaxed binding, with no placeholder to find: the
     * variable prefix and the list's element record (each component is one {@code <PREFIX>_<i>_<COMPONENT>}).
     */
    private static final Map<String, Map<String, String>> INDEXED = Map.of("query-api", Map.of(
            "POBLYSH_CONSOLE_OPERATORS", "com.poblysh.connectors.query.console.ConsoleProperties$Operator"));

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Map<String, Object> compose = new Yaml(options).load(read(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void theDockerProfileStartsTheImagesComposeRuns() {
        // ContainerStack reads its images from the compose file; this keeps the names it looks up there true.
        assertThat(ContainerStack.composeImages()).hasEntrySatisfying("kafka",
                        image -> assertThat(image).isEqualTo(services().get("kafka").get("image")).startsWith("apache/kafka:"))
                .hasEntrySatisfying("schema-registry", image -> assertThat(image)
                        .isEqualTo(services().get("schema-registry").get("image")).startsWith("confluentinc/cp-schema-registry:"))
                .hasEntrySatisfying("postgres", image -> assertThat(image)
                        .isEqualTo(services().get("postgres").get("image")).startsWith("postgres:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "signal-processor", "query-api"})
    void setsExactlyThePoblyshVariablesTheServiceReads(String service) {
        Set<String> reads = variablesRead(service);
        Set<String> set = environment(service).keySet().stream().filter(k -> k.startsWith("POBLYSH_"))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(reads).as("POBLYSH_* variables %s reads", service).isNotEmpty();
        assertThat(set).as("POBLYSH_* variables docker-compose.yml sets for %s (must equal what it reads)", service)
                .containsExactlyInAnyOrderElementsOf(reads);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "signal-processor", "query-api"})
    void publishesAndHealthChecksThePortTheServiceListensOn(String service) {
        Map<String, Object> definition = services().get(service);
        String port = String.valueOf(environment(service).get(PORT_VARIABLE.get(service)));

        assertThat((List<?>) definition.get("ports")).map(String::valueOf).contains(port + ":" + port);
        assertThat(String.valueOf(((Map<?, ?>) definition.get("healthcheck")).get("test"))).contains("/" + port);
        assertThat(((Map<?, ?>) ((Map<?, ?>) definition.get("build")).get("args")).get("SERVICE")).isEqualTo(service);
    }

    @Test
    void everyLongRunningContainerHasAHealthCheckAndDependenciesWaitForIt() {
        Map<String, Map<String, Object>> services = services();
        Set<String> oneShot = services.entrySet().stream().filter(e -> "no".equals(e.getValue().get("restart")))
                .map(Map.Entry::getKey).collect(Collectors.toSet());

        services.forEach((name, definition) -> {
            if (!oneShot.contains(name)) {
                assertThat(definition).as("%s has a healthcheck", name).containsKey("healthcheck");
            }
            Object dependsOn = definition.get("depends_on");
            if (dependsOn instanceof Map<?, ?> dependencies) {
                dependencies.forEach((dependency, how) -> {
                    String condition = String.valueOf(((Map<?, ?>) how).get("condition"));
                    assertThat(condition).as("%s waits for %s", name, dependency).isEqualTo(
                            oneShot.contains(dependency) ? "service_completed_successfully" : "service_healthy");
                });
            } else {
                assertThat(dependsOn).as("%s depends_on uses conditions", name).isNull();
            }
        });
    }

    @Test
    void createsExactlyThePipelineTopicsWithExplicitPartitions() {
        String command = String.valueOf(services().get("kafka-init").get("command"));
        Matcher loop = Pattern.compile("for topic in ([^;]+);").matcher(command);

        assertThat(loop.find()).isTrue();
        assertThat(loop.group(1).trim().split("\\s+")).containsExactlyInAnyOrder(Topics.names());
        assertThat(command).contains("--partitions ${POBLYSH_RAW_EVENTS_PARTITIONS:-12}");
    }

    @Test
    void envExampleListsEveryVariableComposeInterpolates() {
        Set<String> interpolated = new TreeSet<>();
        Matcher m = INTERPOLATION.matcher(read(ROOT.resolve("docker-compose.yml")));
        while (m.find()) {
            interpolated.add(m.group(1));
        }
        Set<String> listed = read(ROOT.resolve(".env.example")).lines().map(String::trim)
                .filter(l -> !l.startsWith("#") && l.contains("=")).map(l -> l.substring(0, l.indexOf('=')))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(listed).containsExactlyInAnyOrderElementsOf(interpolated);
    }

    @Test
    void theConsoleAccountSlotIsEmptyUnlessTheEnvFileFillsIt() {
        Map<String, Object> query = environment("query-api");

        // ConsolePropertiesTests: a slot with neither username nor hash is no account, so start-up succeeds
        assertThat(query).containsEntry("POBLYSH_CONSOLE_OPERATORS_0_USERNAME",
                        "${POBLYSH_CONSOLE_OPERATORS_0_USERNAME:-}")
                .containsEntry("POBLYSH_CONSOLE_OPERATORS_0_PASSWORD_HASH",
                        "${POBLYSH_CONSOLE_OPERATORS_0_PASSWORD_HASH:-}");
        assertThat(read(ROOT.resolve(".env.example")).lines())
                .contains("POBLYSH_CONSOLE_OPERATORS_0_USERNAME=", "POBLYSH_CONSOLE_OPERATORS_0_PASSWORD_HASH=");
        // the README says .env.example asks for the hash in single quotes
        assertThat(read(ROOT.resolve(".env.example"))).contains("keep it in\n# single quotes");
    }

    /**
     * POBLYSH_* placeholders in the config files the service loads, any read straight from the environment, and the
     * first slot ({@code _0_}) of each of its {@link #INDEXED} lists.
     */
    private static Set<String> variablesRead(String service) {
        Set<String> names = new TreeSet<>();
        INDEXED.getOrDefault(service, Map.of()).forEach((prefix, element) -> {
            try {
                for (var component : Class.forName(element).getRecordComponents()) {
                    names.add(prefix + "_0_" + component.getName().replaceAll("([a-z])([A-Z])", "$1_$2")
                            .toUpperCase(java.util.Locale.ROOT));
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        });
        for (String file : List.of("poblysh-common.yml", service + ".yml")) {
            Matcher m = PLACEHOLDER.matcher(classpath(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        for (Path sources : List.of(ROOT.resolve(service).resolve("src/main/java"), ROOT.resolve("common/src/main/java"))) {
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                    Matcher m = GETENV.matcher(read(p));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) services().get(service).get("environment");
    }

    private static String classpath(String name) {
        try (InputStream in = ComposeConsistencyTests.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("%s on the class path", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
