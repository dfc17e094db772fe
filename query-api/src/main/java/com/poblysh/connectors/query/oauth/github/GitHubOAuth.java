package com.poblysh.connectors.query.oauth.github;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.query.oauth.ExternalAccount;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.ProviderCallException;
import com.poblysh.connectors.query.oauth.RevokeOutcome;
import com.poblysh.connectors.query.oauth.TokenAnswers;
import com.poblysh.connectors.common.oauth.TokenEndpoint;
import com.poblysh.connectors.query.oauth.StandardOAuth;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * GitHub OAuth apps: PKCE S256 (supported since July 2025 and recommended by GitHub for web apps too); the
 * token endpoint answers errors with HTTP 200 and an {@code error} field; the account is {@code GET /user}
 * (numeric id, login); disconnecting deletes the app's grant ({@code DELETE /applications/{client_id}/grant},
 * basic auth with the app's credentials), which revokes every token of that authorization.
 */
@Component
class GitHubOAuth extends StandardOAuth {

    GitHubOAuth(Clock clock) {
        super(Provider.GITHUB, true, TokenEndpoint.FORM, null, clock);
    }

    @Override
    public ExternalAccount identify(OAuthHttp http, OAuthClientProperties.Client client, Grant grant) {
        OAuthHttp.Reply reply = http.get(provider(), client.userUrl(), h -> {
            h.setBearerAuth(grant.tokens().accessToken());
            h.set("Accept", "application/vnd.github+json");
        });
        String id = TokenAnswers.text(reply.json(), "id");
        String login = TokenAnswers.text(reply.json(), "login");
        if (!reply.ok() || id == null || login == null) {
            throw new ProviderCallException(provider(), reply.status(), reply.failure());
        }
        return new ExternalAccount(id, login, Map.of("login", login));
    }

    @Override
    public RevokeOutcome revoke(OAuthHttp http, OAuthClientProperties.Client client, String accessToken) {
        if (client.revokeUrl() == null) {
            return RevokeOutcome.NOT_SUPPORTED;
        }
        if (!client.configured()) { // GitHub authenticates revocations with the app's credentials
            return RevokeOutcome.failed(null, "not_configured");
        }
        URI uri = UriComponentsBuilder.fromUriString(client.revokeUrl()).buildAndExpand(Map.of("client_id",
                client.clientId())).encode().toUri();
        try {
            OAuthHttp.Reply reply = http.sendJson(provider(), HttpMethod.DELETE, uri,
                    Map.of("access_token", accessToken), h -> {
                        h.setBasicAuth(client.clientId(), client.clientSecret());
                        h.set("Accept", "application/vnd.github+json");
                    });
            return reply.ok() ? RevokeOutcome.REVOKED
                    : RevokeOutcome.failed(reply.status(), "http_" + reply.status());
        } catch (ProviderCallException e) {
            return RevokeOutcome.failed(e.status(), e.upstreamError());
        }
    }
}
