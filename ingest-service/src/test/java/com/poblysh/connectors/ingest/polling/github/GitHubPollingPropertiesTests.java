package com.poblysh.connectors.ingest.polling.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;

/** The polling settings: GitHub's own defaults, and the values refused at start-up. */
class GitHubPollingPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Enable.class);

    @EnableConfigurationProperties(GitHubPollingProperties.class)
    static class Enable {
    }

    @Test
    void defaultsToGitHubDotComWithFullPages() {
        runner.run(context -> {
            GitHubPollingProperties properties = context.getBean(GitHubPollingProperties.class);
            assertThat(properties.apiBaseUrl()).isEqualTo("https://api.github.com");
            assertThat(properties.pageSize()).isEqualTo(100);
            assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void anEnterpriseRootLosesItsTrailingSlash() {
        runner.withPropertyValues("poblysh.ingest.github.polling.api-base-url=https://ghe.example.com/api/v3/")
                .run(context -> assertThat(context.getBean(GitHubPollingProperties.class).apiBaseUrl())
                        .isEqualTo("https://ghe.example.com/api/v3"));
    }

    @Test
    void refusesPagesGitHubDoesNotServeAndRootsThatAreNoUrl() {
        runner.withPropertyValues("poblysh.ingest.github.polling.page-size=101")
                .run(context -> assertThat(context).hasFailed());
        assertThatThrownBy(() -> new GitHubPollingProperties("api.github.com", 100, Duration.ofSeconds(10)))
                .hasMessageContaining("api-base-url");
        assertThatThrownBy(() -> new GitHubPollingProperties("https://api.github.com?x=1", 100,
                Duration.ofSeconds(10))).hasMessageContaining("api-base-url");
        assertThatThrownBy(() -> new GitHubPollingProperties("https://api.github.com", 100, Duration.ofMinutes(2)))
                .hasMessageContaining("timeout");
    }
}
