package com.poblysh.connectors.common.identity;

import java.util.Arrays;
import java.util.Optional;

import com.poblysh.connectors.common.provider.Provider;

/**
 * What a provider account, resource or subscription is called at the provider, as a connection covers it
 * ({@code connection_bindings}: provider + {@link #id()} + value) and as a webhook delivery names it. A delivery is
 * attributed to a connection only when it names an identity the connection is bound to, so a delivery copied from
 * one tenant's hook cannot become another tenant's signal.
 */
public enum IdentityKind {
    /** A GitHub repository, by its numeric {@code repository.id}. */
    GITHUB_REPOSITORY(Provider.GITHUB, "repository"),
    /** A GitHub organization, by its numeric {@code organization.id}. */
    GITHUB_ORGANIZATION(Provider.GITHUB, "organization"),
    /** A GitHub App installation, by its numeric {@code installation.id}. */
    GITHUB_INSTALLATION(Provider.GITHUB, "installation"),
    /** A Slack workspace, by its {@code team_id} (e.g. {@code T061EG9R6}). */
    SLACK_TEAM(Provider.SLACK, "team"),
    /** A Slack Enterprise Grid organization, by its {@code enterprise_id} (org-wide installs name no team). */
    SLACK_ENTERPRISE(Provider.SLACK, "enterprise"),
    /** The Slack app the events are for, by its {@code api_app_id}: every event naming an app must name a bound one. */
    SLACK_APP(Provider.SLACK, "app"),
    /** A Jira Cloud site, by its cloud id (what {@code accessible-resources} and {@code api.atlassian.com} name). */
    JIRA_CLOUD(Provider.JIRA, "cloud"),
    /** A Jira Cloud site, by its host name in lower case (e.g. {@code acme.atlassian.net}). */
    JIRA_SITE(Provider.JIRA, "site"),
    /** A Jira webhook registered through the REST API, by its id ({@code matchedWebhookIds}). */
    JIRA_WEBHOOK(Provider.JIRA, "webhook"),
    /**
     * The {@code iss} of the JWT Jira signs app webhooks with (a Connect installation's {@code clientKey}): a JWT
     * delivery is attributed only to a connection bound to its issuer.
     */
    JIRA_JWT_ISSUER(Provider.JIRA, "jwt_issuer"),
    /** A Microsoft Graph change-notification subscription, by its {@code subscriptionId}. */
    MICROSOFT_GRAPH_SUBSCRIPTION(Provider.MICROSOFT_GRAPH, "subscription");

    private final Provider provider;
    private final String id;

    IdentityKind(Provider provider, String id) {
        this.provider = provider;
        this.id = id;
    }

    public Provider provider() {
        return provider;
    }

    /** The kind's name within its provider, as stored in {@code connection_bindings.kind}, e.g. {@code team}. */
    public String id() {
        return id;
    }

    /** The kind of {@code provider} stored as {@code id}; empty for anything this version does not know. */
    public static Optional<IdentityKind> of(Provider provider, String id) {
        return Arrays.stream(values()).filter(k -> k.provider == provider && k.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return provider.id() + ":" + id;
    }
}
