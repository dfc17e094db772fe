package com.poblysh.connectors.ingest.polling.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** The Jira polling settings: Atlassian's own defaults, and the values refused at start-up. */
class JiraPollingPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Enable.class);

    @EnableConfigurationProperties(JiraPollingProperties.class)
    static class Enable {
    }

    @Test
    void defaultsToAtlassiansCloudApi() {
        runner.run(context -> {
            JiraPollingProperties properties = context.getBean(JiraPollingProperties.class);
            assertThat(properties.base()).isEqualTo("https://api.atlassian.com");
            assertThat(properties.pageSize()).isEqualTo(50);
            assertThat(properties.indexLag()).isEqualTo(Duration.ofMinutes(5));
            assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void isReadUnderTheJiraSettingsAndARootLosesItsTrailingSlash() {
        runner.withPropertyValues("poblysh.ingest.jira.polling.api-base-url=http://127.0.0.1:4567/",
                        "poblysh.ingest.jira.polling.timeout=3s")
                .run(context -> {
                    JiraPollingProperties properties = context.getBean(JiraPollingProperties.class);
                    assertThat(properties.base()).isEqualTo("http://127.0.0.1:4567");
                    assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(3));
                });
    }

    @Test
    void refusesPagesJiraDoesNotServeRootsThatAreNoUrlAndLongTimeouts() {
        runner.withPropertyValues("poblysh.ingest.jira.polling.page-size=101")
                .run(context -> assertThat(context).hasFailed());
        assertThatThrownBy(() -> properties("ftp://api.atlassian.com", Duration.ofMinutes(5), Duration.ofSeconds(10)))
                .hasMessageContaining("api-base-url");
        assertThatThrownBy(() -> properties("https://api.atlassian.com?x=1", Duration.ofMinutes(5),
                Duration.ofSeconds(10))).hasMessageContaining("api-base-url");
        assertThatThrownBy(() -> properties("https://api.atlassian.com", Duration.ofMinutes(5), Duration.ofMinutes(2)))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> properties("https://api.atlassian.com", Duration.ofMinutes(-1),
                Duration.ofSeconds(10))).hasMessageContaining("index-lag");
    }

    private static JiraPollingProperties properties(String root, Duration indexLag, Duration timeout) {
        return new JiraPollingProperties(URI.create(root), 50, indexLag, timeout);
    }
}
