package com.poblysh.connectors.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

/**
 * A renamed variable is read under its new name; the former name still counts when the new one is not set, with one
 * warning. Shown on the Graph clientState (read by ingest-service as {@code poblysh.ingest.microsoft-graph
 * .client-state} from {@code POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE}, formerly {@code POBLYSH_GRAPH_CLIENT_STATE}) and
 * checked for every renamed variable.
 */
class RenamedVariablesTests {

    /** The mapping of ingest-service.yml. */
    private static final String CLIENT_STATE = "poblysh.ingest.microsoft-graph.client-state";

    private final Logger logger = (Logger) LoggerFactory.getLogger(RenamedVariables.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    static Stream<Arguments> withoutAWarning() {
        return Stream.of(
                Arguments.of(Named.of("the new name", Map.of("POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE", "new")), "new",
                        "new"),
                Arguments.of(Named.of("both names: the new one wins", Map.of("POBLYSH_GRAPH_CLIENT_STATE", "old",
                        "POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE", "new")), "new", "new"),
                Arguments.of(Named.of("neither", Map.of()), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void withoutAWarning(Map<String, String> variables, String property, String configured) {
        MockEnvironment environment = environment(property);
        variables.forEach(environment::setProperty);

        process(environment);

        assertThat(clientState(environment)).isEqualTo(configured);
        assertThat(logged.list).isEmpty();
    }

    @ParameterizedTest(name = "client-state \"{0}\" gives \"{1}\"")
    @CsvSource({"'', old", "set, set"})
    void theDeprecatedNameAloneCountsWhenNothingElseIsSetAndIsWarnedAboutOnce(String property, String configured) {
        MockEnvironment environment = environment(property).withProperty("POBLYSH_GRAPH_CLIENT_STATE", "old");

        process(environment);

        assertThat(clientState(environment)).isEqualTo(configured);
        assertThat(warnings()).singleElement().satisfies(message -> assertThat(message)
                .contains("POBLYSH_GRAPH_CLIENT_STATE is deprecated", "POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE"));
    }

    @Test
    void anEmptyNewNameCountsAsUnset() {
        MockEnvironment environment = environment(null).withProperty("POBLYSH_GRAPH_CLIENT_STATE", "old")
                .withProperty("POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE", "");

        process(environment);

        assertThat(clientState(environment)).isEqualTo("old");
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void everyFormerNameIsReadUnderItsNewNameWithOneWarningEach() {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> formerNames = new LinkedHashMap<>();
        RenamedVariables.RENAMED.keySet().forEach(former -> formerNames.put(former, "value of " + former));
        environment.getPropertySources().addLast(new MapPropertySource("variables", formerNames));

        process(environment);

        RenamedVariables.RENAMED.forEach((former, current) -> assertThat(environment.getProperty(current))
                .as(current).isEqualTo("value of " + former));
        assertThat(warnings()).containsExactlyElementsOf(RenamedVariables.RENAMED.entrySet().stream()
                .map(e -> e.getKey() + " is deprecated and will be removed; set " + e.getValue() + " instead")
                .toList());
    }

    @Test
    void codeReadingTheVariablesItselfFallsBackToTheFormerName() {
        assertThat(RenamedVariables.get(Map.of("POBLYSH_GRAPH_CLIENT_STATE", "old"),
                "POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE")).isEqualTo("old");
        assertThat(RenamedVariables.get(Map.of("POBLYSH_GRAPH_CLIENT_STATE", "old",
                "POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE", "new"), "POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE")).isEqualTo("new");
        assertThat(RenamedVariables.get(Map.of(), "POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE")).isNull();
        assertThat(RenamedVariables.get(Map.of("POBLYSH_DB_URL", "jdbc:x"), "POBLYSH_DB_URL")).isEqualTo("jdbc:x");
    }

    /**
     * The service's configuration: the yml maps the variable, and a {@code client-state} set directly (as the local
     * run does) sits ahead of it; null leaves it out.
     */
    private static MockEnvironment environment(String property) {
        MockEnvironment environment = new MockEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource("ingest-service.yml",
                Map.of(CLIENT_STATE, "${POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE:}")));
        if (property != null && !property.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("direct", Map.of(CLIENT_STATE, property)));
        }
        return environment;
    }

    private static String clientState(MockEnvironment environment) {
        String value = environment.getProperty(CLIENT_STATE);
        return value == null || value.isEmpty() ? null : value;
    }

    private static void process(ConfigurableEnvironment environment) {
        new RenamedVariables(LogFactory.getLog(RenamedVariables.class)).postProcessEnvironment(environment,
                new SpringApplication());
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
