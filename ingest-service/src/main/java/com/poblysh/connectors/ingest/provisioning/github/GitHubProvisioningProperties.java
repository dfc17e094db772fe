package com.poblysh.connectors.ingest.provisioning.github;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Provisioning GitHub repository webhooks ({@code poblysh.ingest.github.provisioning.*}).
 *
 * @param publicBaseUrl      where GitHub reaches this service ({@code POBLYSH_PUBLIC_BASE_URL}); each hook's URL is
 *                           {@code <base>/webhooks/github/<tenant id>}. Blank: nothing is provisioned
 * @param apiBaseUrl         the API root ({@code POBLYSH_GITHUB_API_BASE_URL}, as for polling)
 * @param events             the events each hook subscribes to
 * @param reconcileInterval  how often a connection's hooks are reconciled with the repositories it administers
 *                           ({@code POBLYSH_GITHUB_HOOKS_RECONCILE_INTERVAL}, default 6h)
 * @param redeliverInterval  how often each hook's failed deliveries are redelivered
 *                           ({@code POBLYSH_GITHUB_REDELIVER_INTERVAL}, default 5m)
 * @param maxRedeliveries    redeliveries one sweep of a connection asks for at most
 *                           ({@code POBLYSH_GITHUB_MAX_REDELIVERIES}, default 50); the rest wait for the next sweep
 * @param maxPages           pages of 100 one listing (repositories, a hook's deliveries) reads at most
 * @param timeout            connect and response timeout of one request
 */
@Validated
@ConfigurationProperties("poblysh.ingest.github.provisioning")
record GitHubProvisioningProperties(
        String publicBaseUrl,
        @NotBlank @DefaultValue("https://api.github.com") String apiBaseUrl,
        @NotEmpty @DefaultValue({"issues", "issue_comment", "pull_request", "pull_request_review", "push"})
        List<String> events,
        @NotNull @DefaultValue("6h") Duration reconcileInterval,
        @NotNull @DefaultValue("5m") Duration redeliverInterval,
        @Min(1) @Max(1000) @DefaultValue("50") int maxRedeliveries,
        @Min(1) @Max(100) @DefaultValue("10") int maxPages,
        @NotNull @DefaultValue("10s") Duration timeout) {

    GitHubProvisioningProperties {
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null : publicBaseUrl.replaceAll("/+$", "");
        if (publicBaseUrl != null && !publicBaseUrl.matches("https?://[^/?#]+(/[^?#]*)?")) {
            throw new IllegalArgumentException("POBLYSH_PUBLIC_BASE_URL must be an http(s) URL without query or "
                    + "fragment, got " + publicBaseUrl);
        }
        if (apiBaseUrl != null) {
            apiBaseUrl = apiBaseUrl.replaceAll("/+$", "");
        }
        events = events == null ? null : List.copyOf(events);
    }

    /** Whether hooks are provisioned at all: only with a public base URL GitHub can reach. */
    boolean enabled() {
        return publicBaseUrl != null;
    }
}
