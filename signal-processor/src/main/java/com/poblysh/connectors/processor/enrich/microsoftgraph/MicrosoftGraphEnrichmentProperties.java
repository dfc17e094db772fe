package com.poblysh.connectors.processor.enrich.microsoftgraph;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Enrichment of Microsoft Graph notifications ({@code poblysh.processor.microsoft-graph.*}). The variables' former
 * names without {@code MICROSOFT_} still count when these are unset, with a warning ({@code RenamedVariables}).
 *
 * @param enrich     whether to fetch the notified resource with the connection's token
 *                   ({@code POBLYSH_MICROSOFT_GRAPH_ENRICHMENT}, default true); off, every Graph signal is minimal
 * @param apiBaseUrl Graph API root ({@code POBLYSH_MICROSOFT_GRAPH_API_BASE_URL}, default
 *                   {@code https://graph.microsoft.com/v1.0})
 * @param timeout    longest wait for one fetch ({@code POBLYSH_MICROSOFT_GRAPH_ENRICHMENT_TIMEOUT}, default 2s): the
 *                   consumer thread waits it, so it stays short and a slow Graph yields minimal signals instead of a
 *                   lagging partition
 */
@Validated
@ConfigurationProperties("poblysh.processor.microsoft-graph")
record MicrosoftGraphEnrichmentProperties(@DefaultValue("true") boolean enrich,
        @NotNull @DefaultValue("https://graph.microsoft.com/v1.0") URI apiBaseUrl,
        @NotNull @DefaultValue("2s") Duration timeout) {

    MicrosoftGraphEnrichmentProperties {
        if (apiBaseUrl != null && !"https".equals(apiBaseUrl.getScheme()) && !"http".equals(apiBaseUrl.getScheme())) {
            throw new IllegalArgumentException("poblysh.processor.microsoft-graph.api-base-url must be http(s), got "
                    + apiBaseUrl);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(10))
                > 0)) {
            throw new IllegalArgumentException("poblysh.processor.microsoft-graph.timeout must be in (0, 10s], got "
                    + timeout);
        }
    }
}
