package com.poblysh.connectors.ingest.polling.microsoftgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** The Graph polling settings: Graph's own defaults, and the values refused at start-up. */
class MicrosoftGraphPollingPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Enable.class);

    @EnableConfigurationProperties(MicrosoftGraphPollingProperties.class)
    static class Enable {
    }

    @Test
    void defaultsToGraphV1WithTheInboxAndAYearAhead() {
        runner.run(context -> {
            MicrosoftGraphPollingProperties properties = context.getBean(MicrosoftGraphPollingProperties.class);
            assertThat(properties.base()).isEqualTo("https://graph.microsoft.com/v1.0");
            assertThat(properties.pageSize()).isEqualTo(50);
            assertThat(properties.mailFolder()).isEqualTo("inbox");
            assertThat(properties.calendarPast()).isEqualTo(Duration.ofDays(30));
            assertThat(properties.calendarFuture()).isEqualTo(Duration.ofDays(365));
            assertThat(properties.calendarRefresh()).isEqualTo(Duration.ofDays(7));
            assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void isReadUnderTheGraphSettingsAndARootLosesItsTrailingSlash() {
        runner.withPropertyValues("poblysh.ingest.microsoft-graph.polling.api-base-url=http://127.0.0.1:4567/v1.0/",
                        "poblysh.ingest.microsoft-graph.polling.timeout=3s")
                .run(context -> {
                    MicrosoftGraphPollingProperties properties = context.getBean(MicrosoftGraphPollingProperties.class);
                    assertThat(properties.base()).isEqualTo("http://127.0.0.1:4567/v1.0");
                    assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(3));
                });
    }

    @Test
    void refusesRootsThatAreNoUrlFoldersThatAreNoNameAndLongTimeouts() {
        runner.withPropertyValues("poblysh.ingest.microsoft-graph.polling.page-size=1001")
                .run(context -> assertThat(context).hasFailed());
        assertThatThrownBy(() -> properties("graph.microsoft.com", "inbox", Duration.ofSeconds(10)))
                .hasMessageContaining("api-base-url");
        assertThatThrownBy(() -> properties("https://graph.microsoft.com/v1.0", "../admin", Duration.ofSeconds(10)))
                .hasMessageContaining("mail-folder");
        assertThatThrownBy(() -> properties("https://graph.microsoft.com/v1.0", "inbox", Duration.ofMinutes(2)))
                .hasMessageContaining("timeout");
    }

    private static MicrosoftGraphPollingProperties properties(String root, String folder, Duration timeout) {
        return new MicrosoftGraphPollingProperties(URI.create(root), 50, folder, Duration.ofDays(30),
                Duration.ofDays(365), Duration.ofDays(7), timeout);
    }
}
