package com.poblysh.connectors.query.oauth.jira;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.query.oauth.ExternalAccount;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.ProviderCallException;
import com.poblysh.connectors.common.oauth.TokenEndpoint;
import com.poblysh.connectors.query.oauth.StandardOAuth;
import com.poblysh.connectors.query.oauth.TokenAnswers;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Atlassian OAuth 2.0 (3LO) for Jira Cloud: {@code audience=api.atlassian.com} and {@code prompt=consent} on the
 * authorize URL; a JSON token request; no PKCE (Atlassian documents none for 3LO apps) and no token revocation
 * endpoint (users remove apps from their Atlassian account). The account is the first site the grant reaches
 * ({@code GET accessible-resources}): its cloud id is what Jira's APIs and webhooks are addressed by. The
 * connection is bound to every site the grant reaches.
 */
@Component
class JiraOAuth extends StandardOAuth {

    JiraOAuth(Clock clock) {
        super(Provider.JIRA, false, TokenEndpoint.JSON, "authorization_code", clock);
    }

    @Override
    public Map<String, String> extraAuthorizeParameters() {
        return Map.of("audience", "api.atlassian.com", "prompt", "consent");
    }

    @Override
    public ExternalAccount identify(OAuthHttp http, OAuthClientProperties.Client client, Grant grant) {
        OAuthHttp.Reply reply = http.get(provider(), client.userUrl(),
                h -> h.setBearerAuth(grant.tokens().accessToken()));
        JsonNode sites = reply.json();
        if (!reply.ok() || sites == null || !sites.isArray()) {
            throw new ProviderCallException(provider(), reply.status(), reply.failure());
        }
        if (sites.isEmpty()) {
            throw new ProviderCallException(provider(), reply.status(), "no_accessible_site");
        }
        JsonNode site = sites.get(0);
        String cloudId = TokenAnswers.text(site, "id");
        if (cloudId == null) {
            throw new ProviderCallException(provider(), reply.status(), "invalid_response");
        }
        String name = TokenAnswers.text(site, "name");
        String url = TokenAnswers.text(site, "url");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("cloud_id", cloudId);
        if (url != null) {
            metadata.put("site_url", url);
        }
        metadata.put("accessible_sites", sites.size());
        return new ExternalAccount(cloudId, name, metadata, bindings(sites));
    }

    /**
     * Every site the grant reaches, by cloud id and host: Jira's webhooks name their site in the {@code self} links
     * of what they carry, so deliveries from any of them are attributed to this connection.
     */
    private static List<ExternalIdentity> bindings(JsonNode sites) {
        List<ExternalIdentity> bindings = new ArrayList<>();
        for (JsonNode site : sites) {
            String cloudId = TokenAnswers.text(site, "id");
            if (ExternalIdentity.isValid(cloudId)) {
                bindings.add(ExternalIdentity.of(IdentityKind.JIRA_CLOUD, cloudId));
            }
            String url = TokenAnswers.text(site, "url");
            String host = url == null ? null : host(url);
            if (ExternalIdentity.isValid(host)) {
                bindings.add(ExternalIdentity.of(IdentityKind.JIRA_SITE, host));
            }
        }
        return bindings;
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
