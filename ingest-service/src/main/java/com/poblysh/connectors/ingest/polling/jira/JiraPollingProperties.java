package com.poblysh.connectors.ingest.polling.jira;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Jira Cloud is polled ({@code poblysh.ingest.polling.jira.*}).
 *
 * @param apiBaseUrl Atlassian's cloud API, where {@code /oauth/token/accessible-resources} lists a token's sites
 *                   and {@code /ex/jira/{cloudId}/rest/api/3} serves each ({@code POBLYSH_JIRA_API_BASE_URL},
 *                   default {@code https://api.atlassian.com}; tests point it at a fake)
 * @param pageSize   issues per search page ({@code POBLYSH_JIRA_POLL_PAGE_SIZE}, default 50, at most 100)
 * @param indexLag   how far behind Jira's clock its search index may be: the next sync starts that much before the
 *                   start of this one, at the latest, so an issue indexed late is still found
 *                   ({@code POBLYSH_JIRA_INDEX_LAG}, default 5m)
 * @param timeout    longest wait for one API answer ({@code POBLYSH_POLL_TIMEOUT}, default 10s)
 */
@Validated
@ConfigurationProperties("poblysh.ingest.polling.jira")
record JiraPollingProperties(
        @NotNull @DefaultValue("https://api.atlassian.com") URI apiBaseUrl,
        @Min(1) @Max(100) @DefaultValue("50") int pageSize,
        @NotNull @DefaultValue("5m") Duration indexLag,
        @NotNull @DefaultValue("10s") Duration timeout) {

    JiraPollingProperties {
        if (indexLag != null && indexLag.isNegative()) {
            throw new IllegalArgumentException("poblysh.ingest.polling.jira.index-lag must not be negative");
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("poblysh.ingest.polling.jira.timeout must be positive");
        }
    }

    /** The base URL without a trailing slash. */
    String base() {
        return apiBaseUrl.toString().replaceAll("/+$", "");
    }
}
