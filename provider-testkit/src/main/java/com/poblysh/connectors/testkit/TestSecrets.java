package com.poblysh.connectors.testkit;

import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;

/**
 * The secrets the kit signs with, per provider, by the name of the setting that holds each (under
 * {@code poblysh.ingest.<provider>.}). A new {@link Provider} has none until its
 * entry is added here, which {@code ProviderCompletenessTests} names.
 */
public final class TestSecrets {

    private TestSecrets() {
    }

    /** Setting name to secret, e.g. {@code webhook-secret} to {@link GitHubWebhooks#SECRET}. */
    public static Map<String, String> of(Provider provider) {
        return switch (provider) {
            case GITHUB -> Map.of("webhook-secret", GitHubWebhooks.SECRET);
            case JIRA -> Map.of("webhook-secret", JiraWebhooks.WEBHOOK_SECRET,
                    "client-secret", JiraWebhooks.CLIENT_SECRET);
            case MICROSOFT_GRAPH -> Map.of("client-state", MicrosoftGraphWebhooks.CLIENT_STATE);
            case SLACK -> Map.of("signing-secret", SlackWebhooks.SECRET);
            default -> Map.of();
        };
    }
}
