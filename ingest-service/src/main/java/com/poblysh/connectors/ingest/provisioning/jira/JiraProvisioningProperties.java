package com.poblysh.connectors.ingest.provisioning.jira;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.poblysh.connectors.ingest.polling.PollingHttp;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Registering Jira Cloud dynamic webhooks ({@code poblysh.ingest.jira.provisioning.*}).
 *
 * @param publicBaseUrl      where Jira reaches this service ({@code POBLYSH_PUBLIC_BASE_URL}); each webhook's URL is
 *                           {@code <base>/webhooks/jira/<tenant id>}. Blank: nothing is registered
 * @param apiBaseUrl         Atlassian's cloud API ({@code POBLYSH_JIRA_API_BASE_URL}, as for polling)
 * @param jwtIssuer          the {@code iss} of the JWT Jira signs an OAuth 2.0 app's deliveries with
 *                           ({@code POBLYSH_JIRA_WEBHOOK_JWT_ISSUER}, default {@code POBLYSH_JIRA_CLIENT_ID}; Atlassian
 *                           does not document it): each registering connection is bound to it. Blank: nothing is
 *                           registered
 * @param events             the events each webhook subscribes to
 * @param jqlFilter          the webhook's JQL filter; dynamic webhooks accept only {@code issueKey}, {@code project},
 *                           {@code issuetype}, {@code status}, {@code assignee}, {@code reporter},
 *                           {@code issue.property} and {@code cf[id]} with {@code = != IN NOT IN}
 *                           ({@code POBLYSH_JIRA_WEBHOOK_JQL}, default {@code project != null}: every issue)
 * @param reconcileInterval  how often a connection's webhooks are reconciled with its sites and refreshed when due
 *                           ({@code POBLYSH_JIRA_HOOKS_RECONCILE_INTERVAL}, default 6h)
 * @param refreshAhead       how long before its expiry (30 days after registration or refresh) a webhook is refreshed
 *                           ({@code POBLYSH_JIRA_WEBHOOK_REFRESH_AHEAD}, default 7d; longer than the reconcile
 *                           interval, so a few missed runs do not let one lapse)
 * @param timeout            connect and response timeout of one request ({@code POBLYSH_JIRA_POLL_TIMEOUT})
 */
@Validated
@ConfigurationProperties("poblysh.ingest.jira.provisioning")
record JiraProvisioningProperties(
        String publicBaseUrl,
        @NotNull @DefaultValue("https://api.atlassian.com") URI apiBaseUrl,
        String jwtIssuer,
        @NotEmpty @DefaultValue({"jira:issue_created", "jira:issue_updated", "comment_created"}) List<String> events,
        @NotBlank @DefaultValue("project != null") String jqlFilter,
        @NotNull @DefaultValue("6h") Duration reconcileInterval,
        @NotNull @DefaultValue("7d") Duration refreshAhead,
        @NotNull @DefaultValue("10s") Duration timeout) {

    private static final String PREFIX = "poblysh.ingest.jira.provisioning";

    JiraProvisioningProperties {
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null : publicBaseUrl.replaceAll("/+$", "");
        if (publicBaseUrl != null && !publicBaseUrl.matches("https?://[^/?#]+(/[^?#]*)?")) {
            throw new IllegalArgumentException("POBLYSH_PUBLIC_BASE_URL must be an http(s) URL without query or "
                    + "fragment, got " + publicBaseUrl);
        }
        PollingHttp.checkEndpoint(PREFIX, apiBaseUrl, timeout);
        jwtIssuer = jwtIssuer == null || jwtIssuer.isBlank() ? null : jwtIssuer.trim();
        events = events == null ? null : List.copyOf(events);
        if (refreshAhead != null && reconcileInterval != null && refreshAhead.compareTo(reconcileInterval) <= 0) {
            throw new IllegalArgumentException(PREFIX + ".refresh-ahead (" + refreshAhead + ") must be longer than "
                    + PREFIX + ".reconcile-interval (" + reconcileInterval + "): a webhook would lapse between runs");
        }
    }

    /** The API root without a trailing slash. */
    String base() {
        return PollingHttp.withoutTrailingSlash(apiBaseUrl);
    }
}
