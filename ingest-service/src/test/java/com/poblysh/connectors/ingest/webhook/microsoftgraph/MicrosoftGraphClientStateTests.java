package com.poblysh.connectors.ingest.webhook.microsoftgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

    @Test
    void theNewNameIsReadWithoutAWarning() {
        MockEnvironment environment = new MockEnvironment().withProperty("POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE", "new");

        assertThat(MicrosoftGraphClientState.configured(new MicrosoftGraphProperties("new"), environment))
                .isEqualTo("new");
        assertThat(logged.list).isEmpty();
    }

    @Test
    void theDeprecatedNameAloneIsReadAndWarnedAboutOnce() {
        MockEnvironment environment = new MockEnvironment().withProperty("POBLYSH_GRAPH_CLIENT_STATE", "old");

        assertThat(MicrosoftGraphClientState.configured(new MicrosoftGraphProperties(""), environment))
                .isEqualTo("old");
        assertThat(warnings()).singleElement().satisfies(message -> assertThat(message)
                .contains("POBLYSH_GRAPH_CLIENT_STATE is deprecated", "POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE"));
    }

    @Test
    void withBothNamesTheNewOneWinsWithoutAWarning() {
        MockEnvironment environment = new MockEnvironment().withProperty("POBLYSH_GRAPH_CLIENT_STATE", "old")
                .withProperty("POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE", "new");

        assertThat(MicrosoftGraphClientState.configured(new MicrosoftGraphProperties("new"), environment))
                .isEqualTo("new");
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aClientStateSetOtherwiseWinsOverTheDeprecatedName() {
        MockEnvironment environment = new MockEnvironment().withProperty("POBLYSH_GRAPH_CLIENT_STATE", "old");

        assertThat(MicrosoftGraphClientState.configured(new MicrosoftGraphProperties("set"), environment))
                .isEqualTo("set");
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void withNeitherThereIsNone() {
        assertThat(MicrosoftGraphClientState.configured(new MicrosoftGraphProperties(null), new MockEnvironment()))
                .isNull();
        assertThat(logged.list).isEmpty();
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
