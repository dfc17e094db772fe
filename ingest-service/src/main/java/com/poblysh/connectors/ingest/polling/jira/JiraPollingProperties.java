package com.poblysh.connectors.ingest.polling.jira;

import java.net.URI;
import java.time.Duration;

import com.poblysh.connectors.ingest.polling.PollingHttp;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Polling Jira Cloud ({@code poblysh.ingest.jira.polling.*}).
 *
 * @param apiBaseUrl Atlassian's cloud API, where {@code /oauth/token/accessible-resources} lists a token's sites
 *                   and {@code /ex/jira/{cloudId}/rest/api/3} serves each ({@code POBLYSH_JIRA_API_BASE_URL},
 *                   default {@code https://api.atlassian.com}; tests point it at a fake)
 * @param pageSize   issues per search page ({@code POBLYSH_JIRA_POLL_PAGE_SIZE}, default 50, at most 100)
 * @param indexLag   how far behind Jira's clock its search index may be: the next sync starts that much before the
 *                   start of this one, at the latest, so an issue indexed late is still found
 *                   ({@code POBLYSH_JIRA_INDEX_LAG}, default 5m)
 * @param timeout    connect and response timeout of one request ({@code POBLYSH_JIRA_POLL_TIMEOUT}, default 10s,
 *                   at most 60s); a timeout is a transient failure, retried with backoff
 */
@Validated
@ConfigurationProperties("poblysh.ingest.jira.polling")
record JiraPollingProperties(
        @NotNull @DefaultValue("https://api.atlassian.com") URI apiBaseUrl,
        @Min(1) @Max(100) @DefaultValue("50") int pageSize,
        @NotNull @DefaultValue("5m") Duration indexLag,
        @NotNull @DefaultValue("10s") Duration timeout) {

    private static final String PREFIX = "poblysh.ingest.jira.polling";

    JiraPollingProperties {
        PollingHttp.checkEndpoint(PREFIX, apiBaseUrl, timeout);
        if (indexLag != null && indexLag.isNegative()) {
            throw new IllegalArgumentException(PREFIX + ".index-lag must not be negative, got " + indexLag);
        }
    }

    /** The base URL without a trailing slash. */
    String base() {
        return PollingHttp.withoutTrailingSlash(apiBaseUrl);
    }
}
