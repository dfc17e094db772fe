package com.poblysh.connectors.ingest.webhook.microsoftgraph;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Microsoft Graph change notifications ({@code poblysh.ingest.microsoft-graph.*}).
 *
 * @param clientState the {@code clientState} of subscriptions not created per connection
 *                    ({@code POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE}; the deprecated {@code POBLYSH_GRAPH_CLIENT_STATE}
 *                    still counts, see {@code RenamedVariables} in common), the fallback after the connections' own
 *                    secrets; with neither, every notification is refused
 */
@ConfigurationProperties("poblysh.ingest.microsoft-graph")
record MicrosoftGraphProperties(String clientState) {

    @Override
    public String toString() {
        return "MicrosoftGraphProperties[clientState="
                + (clientState == null || clientState.isEmpty() ? "unset" : "redacted") + "]";
    }
}
