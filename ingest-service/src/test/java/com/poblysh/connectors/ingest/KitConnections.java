package com.poblysh.connectors.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.Uuids;
import com.poblysh.connectors.ingest.connections.WebhookConnection;
import com.poblysh.connectors.testkit.JiraWebhooks;
import com.poblysh.connectors.testkit.TestBindings;
import com.poblysh.connectors.testkit.TestSecrets;

/**
 * The connections the provider test kit's requests belong to: per provider one connection holding the kit's
 * secret ({@link TestSecrets}) and bound to what the kit's fixtures name ({@link TestBindings}); for Jira also the
 * kit's Connect installation. Web slices answer these for every tenant, so a kit request is accepted on any path.
 */
public final class KitConnections {

    private static final UUID NAMESPACE = UUID.fromString("6d0b6c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e");

    private KitConnections() {
    }

    /** The id of the provider's kit connection (the same in every run). */
    public static UUID id(Provider provider) {
        return Uuids.nameBased(NAMESPACE, "kit:" + provider.id());
    }

    /** The id of the kit's Jira Connect installation. */
    public static UUID jiraConnectId() {
        return Uuids.nameBased(NAMESPACE, "kit:jira:connect");
    }

    /** The provider's kit connections, oldest first. */
    public static List<WebhookConnection> of(Provider provider) {
        List<WebhookConnection> connections = new ArrayList<>();
        connections.add(new WebhookConnection(id(provider), primarySecret(provider),
                Set.copyOf(TestBindings.of(provider))));
        if (provider == Provider.JIRA) {
            connections.add(new WebhookConnection(jiraConnectId(), JiraWebhooks.CONNECT_SHARED_SECRET, Set.of(
                    ExternalIdentity.of(IdentityKind.JIRA_SITE, JiraWebhooks.SITE),
                    ExternalIdentity.of(IdentityKind.JIRA_JWT_ISSUER, JiraWebhooks.CONNECT_CLIENT_KEY))));
        }
        return List.copyOf(connections);
    }

    /** The same connections without any stored secret (only app credentials or opted-in fallbacks verify). */
    public static List<WebhookConnection> withoutSecrets(Provider provider) {
        return of(provider).stream().map(c -> new WebhookConnection(c.id(), null, c.bindings())).toList();
    }

    /** The secret the kit signs the provider's plain requests with (Jira: the admin webhook's). */
    static String primarySecret(Provider provider) {
        return switch (provider) {
            case JIRA -> JiraWebhooks.WEBHOOK_SECRET;
            default -> TestSecrets.of(provider).values().iterator().next();
        };
    }
}
