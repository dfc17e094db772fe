package com.poblysh.connectors.ingest.webhook.microsoftgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.mock.env.MockEnvironment;

/**
 * The configured clientState comes from {@code POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE} (through
 * {@code poblysh.ingest.microsoft-graph.client-state}); the deprecated {@code POBLYSH_GRAPH_CLIENT_STATE} still counts
 * when the new name is not set, with one warning.
 */
class MicrosoftGraphClientStateTests {

    private final Logger logger = (Logger) LoggerFactory.getLogger(MicrosoftGraphClientState.class);
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
        MockEnvironment environment = new MockEnvironment();
        variables.forEach(environment::setProperty);

        assertThat(MicrosoftGraphClientState.configured(new MicrosoftGraphProperties(property), environment))
                .isEqualTo(configured);
        assertThat(logged.list).isEmpty();
    }

    @ParameterizedTest(name = "client-state \"{0}\" gives \"{1}\"")
    @CsvSource({"'', old", "set, set"})
    void theDeprecatedNameAloneCountsWhenNothingElseIsSetAndIsWarnedAboutOnce(String property, String configured) {
        MockEnvironment environment = new MockEnvironment().withProperty("POBLYSH_GRAPH_CLIENT_STATE", "old");

        assertThat(MicrosoftGraphClientState.configured(new MicrosoftGraphProperties(property), environment))
                .isEqualTo(configured);
        assertThat(warnings()).singleElement().satisfies(message -> assertThat(message)
                .contains("POBLYSH_GRAPH_CLIENT_STATE is deprecated", "POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE"));
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
