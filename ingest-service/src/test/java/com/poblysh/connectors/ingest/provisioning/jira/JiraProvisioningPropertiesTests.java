package com.poblysh.connectors.ingest.provisioning.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Jira provisioning settings refuse what would let a webhook lapse or point it nowhere; unset, nothing runs. */
class JiraProvisioningPropertiesTests {

    @Test
    void aRefreshLookAheadNotLongerThanTheReconcileIntervalIsRefused() {
        assertThatThrownBy(() -> properties("https://connectors.example.com", Duration.ofDays(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refresh-ahead");
    }

    @Test
    void thePublicBaseUrlMustBeAnHttpUrlWithoutQueryAndLosesItsTrailingSlash() {
        assertThat(properties("https://connectors.example.com/", Duration.ofHours(6), Duration.ofDays(7))
                .publicBaseUrl()).isEqualTo("https://connectors.example.com");
        assertThatThrownBy(() -> properties("connectors.example.com?x=1", Duration.ofHours(6), Duration.ofDays(7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POBLYSH_PUBLIC_BASE_URL");
    }

    @Test
    void aBlankIssuerIsNone() {
        assertThat(new JiraProvisioningProperties(null, URI.create("https://api.atlassian.com"), " ",
                List.of("jira:issue_created"), "project != null", Duration.ofHours(6), Duration.ofDays(7),
                Duration.ofSeconds(10)).jwtIssuer()).isNull();
    }

    @Test
    void withoutAPublicBaseUrlOrAnIssuerNothingIsRegistered() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withUserConfiguration(JiraWebhookProvisioner.class);
        runner.withPropertyValues("poblysh.ingest.jira.provisioning.public-base-url=https://connectors.example.com")
                .run(context -> assertThat(context).doesNotHaveBean(JiraWebhookProvisioner.class));
        runner.withPropertyValues("poblysh.ingest.jira.provisioning.jwt-issuer=client-id")
                .run(context -> assertThat(context).doesNotHaveBean(JiraWebhookProvisioner.class));
    }

    private static JiraProvisioningProperties properties(String base, Duration reconcile, Duration ahead) {
        return new JiraProvisioningProperties(base, URI.create("https://api.atlassian.com"), "client-id",
                List.of("jira:issue_created"), "project != null", reconcile, ahead, Duration.ofSeconds(10));
    }
}
