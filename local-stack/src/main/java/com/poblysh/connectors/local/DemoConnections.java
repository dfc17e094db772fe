package com.poblysh.connectors.local;

import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.stack.SeededConnections;
import com.poblysh.connectors.testkit.TestBindings;

/**
 * The local run's demo connections: per provider one active connection of a tenant holding the local run's secret
 * of that provider and bound to what the provider test kit's requests name ({@link TestBindings}: the demo issue's
 * repository, the kit's Slack workspace and app, Jira site and app issuer, Graph subscriptions). So the printed
 * webhook, and every kit request signed with the local secrets, is attributed to a connection of its tenant, as a
 * real provisioned hook would be. Seeding is idempotent: a restart finds the same connections.
 */
final class DemoConnections {

    private final SeededConnections seeded;
    private final LocalStackSettings settings;
    private final Map<Provider, String> accessTokens;

    /**
     * @param accessTokens per polled provider, the access token its demo connections poll with (one the local run's
     *                     fake of that provider takes); a provider without one gets connections without a token
     */
    DemoConnections(SeededConnections seeded, LocalStackSettings settings, Map<Provider, String> accessTokens) {
        this.seeded = seeded;
        this.settings = settings;
        this.accessTokens = Map.copyOf(accessTokens);
    }

    /** The tenant's demo connection of {@code provider}, created if missing. */
    UUID of(UUID tenant, Provider provider) {
        return seeded.upsert(tenant, provider, "local-demo-" + provider.id(), "Local demo (" + provider.id() + ")",
                secret(provider), accessTokens.get(provider), TestBindings.of(provider));
    }

    /**
     * The connection's own webhook secret: GitHub's hook secret, the Jira admin webhook's, the Graph subscription's
     * clientState. Slack has none: the local Slack app's signing secret verifies every workspace.
     */
    private String secret(Provider provider) {
        LocalStackSettings.ProviderSecrets secrets = settings.providerSecrets();
        return switch (provider) {
            case GITHUB -> settings.githubSecret();
            case JIRA -> secrets.jiraWebhookSecret();
            case MICROSOFT_GRAPH -> secrets.graphClientState();
            case SLACK -> null;
        };
    }
}
