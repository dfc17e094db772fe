package com.poblysh.connectors.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The parts the services need, as the containers docker-compose.yml runs (its images, read from it): Kafka
 * ({@code apache/kafka}, KRaft), Confluent Schema Registry on that Kafka, and PostgreSQL. Used by the full-stack
 * tests under {@code -Pdocker} ({@code poblysh.it.backend=docker}); where no Docker engine answers they are skipped
 * with a message saying so.
 */
final class ContainerStack implements AutoCloseable {

    /** System property choosing what the full-stack tests run on: {@code in-jvm} (default) or {@code docker}. */
    static final String BACKEND_PROPERTY = "poblysh.it.backend";

    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    private static final String KAFKA_ALIAS = "kafka";
    private static final String KAFKA_INTERNAL = KAFKA_ALIAS + ":19092";

    private final Network network;
    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;
    private final PostgreSQLContainer postgres;

    private ContainerStack(Network network, KafkaContainer kafka, GenericContainer<?> registry,
            PostgreSQLContainer postgres) {
        this.network = network;
        this.kafka = kafka;
        this.registry = registry;
        this.postgres = postgres;
    }

    /** Whether this test run asked for containers ({@code -Pdocker}). */
    static boolean requested() {
        return "docker".equals(System.getProperty(BACKEND_PROPERTY));
    }

    /** Starts the containers, or aborts the calling test (skipped, with the reason) when Docker does not answer. */
    static ContainerStack startOrSkip() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "Skipped: -Pdocker runs the full-stack tests on containers, but no Docker engine answers here "
                        + "(DOCKER_HOST or /var/run/docker.sock). Start Docker, or run without -Pdocker to use the "
                        + "in-JVM broker and registry.");
        Map<String, String> images = composeImages();
        Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(images.get("kafka")))
                .withNetwork(network)
                .withNetworkAliases(KAFKA_ALIAS)
                // The registry, in the same network, reaches the broker under its alias.
                .withListener(KAFKA_INTERNAL)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(images.get("schema-registry")))
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + KAFKA_INTERNAL)
                .withEnv("SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL", "backward")
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(images.get("postgres"))
                .asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("poblysh")
                .withUsername("poblysh")
                .withPassword("poblysh");
        ContainerStack stack = new ContainerStack(network, kafka, registry, postgres);
        try {
            postgres.start();
            kafka.start();
            registry.start();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The image of each part as docker-compose.yml names it, so the two cannot drift. */
    static Map<String, String> composeImages() {
        Map<String, Object> compose;
        try {
            compose = new Yaml(new LoaderOptions()).load(Files.readString(COMPOSE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        return Map.of(
                "kafka", (String) services.get("kafka").get("image"),
                "schema-registry", (String) services.get("schema-registry").get("image"),
                "postgres", (String) services.get("postgres").get("image"));
    }

    String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    String registryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl();
    }

    String dbUser() {
        return postgres.getUsername();
    }

    String dbPassword() {
        return postgres.getPassword();
    }

    @Override
    public void close() {
        registry.stop();
        kafka.stop();
        postgres.stop();
        network.close();
    }
}
