package com.poblysh.connectors.testkit;

import java.util.ArrayList;
import java.util.List;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;

/**
 * The identities the kit's requests name, per provider: what a test connection must be bound to for the kit's
 * fixtures (signed with {@link TestSecrets}) to be attributed to it. A new {@link Provider} has none until its entry
 * is added here, which {@code ProviderCompletenessTests} names.
 */
public final class TestBindings {

    private TestBindings() {
    }

    /** E.g. {@code github:repository=186853002} for GitHub; every Graph notification fixture's subscription for Graph. */
    public static List<ExternalIdentity> of(Provider provider) {
        return switch (provider) {
            case GITHUB -> List.of(ExternalIdentity.of(IdentityKind.GITHUB_REPOSITORY, GitHubWebhooks.REPOSITORY_ID),
                    ExternalIdentity.of(IdentityKind.GITHUB_REPOSITORY, GitHubWebhooks.DEMO_REPOSITORY_ID));
            case SLACK -> List.of(ExternalIdentity.of(IdentityKind.SLACK_TEAM, SlackWebhooks.TEAM_ID),
                    ExternalIdentity.of(IdentityKind.SLACK_APP, SlackWebhooks.APP_ID));
            case JIRA -> List.of(ExternalIdentity.of(IdentityKind.JIRA_SITE, JiraWebhooks.SITE),
                    ExternalIdentity.of(IdentityKind.JIRA_JWT_ISSUER, JiraWebhooks.ISSUER));
            case MICROSOFT_GRAPH -> graphSubscriptions();
            default -> List.of();
        };
    }

    private static List<ExternalIdentity> graphSubscriptions() {
        List<ExternalIdentity> subscriptions = new ArrayList<>();
        for (ProviderFixture fixture : ProviderFixtures.all()) {
            // polled objects are no notifications: they name no subscription
            if (fixture.provider() == Provider.MICROSOFT_GRAPH && !fixture.polled()) {
                ExternalIdentity subscription = ExternalIdentity.of(IdentityKind.MICROSOFT_GRAPH_SUBSCRIPTION,
                        fixture.body().path("subscriptionId").asString());
                if (!subscriptions.contains(subscription)) {
                    subscriptions.add(subscription);
                }
            }
        }
        return List.copyOf(subscriptions);
    }
}
