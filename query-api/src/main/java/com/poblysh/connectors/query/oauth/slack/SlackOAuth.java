package com.poblysh.connectors.query.oauth.slack;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import com.poblysh.connectors.query.oauth.RevokeOutcome;
import com.poblysh.connectors.query.oauth.TokenAnswers;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import tools.jackson.databind.JsonNode;

/**
 * Slack OAuth v2 for a workspace app: comma-separated bot scopes; client credentials by HTTP basic auth as Slack
 * recommends; errors come as HTTP 200 {@code {ok: false, error}}. No PKCE: Slack supports it only after the app
 * is switched to a public client (a one-way setting for desktop and mobile apps), which this server-side
 * confidential client is not. The account is the workspace named in the token answer, and the connection is bound
 * to its team (or enterprise) and the app; disconnecting calls {@code auth.revoke} with the token.
 */
@Component
class SlackOAuth extends StandardOAuth {

    SlackOAuth(Clock clock) {
        super(Provider.SLACK, false, TokenEndpoint.FORM_BASIC_AUTH, null, clock);
    }

    @Override
    public String scopeDelimiter() {
        return ",";
    }

    @Override
    public ExternalAccount identify(OAuthHttp http, OAuthClientProperties.Client client, Grant grant) {
        JsonNode answer = grant.answer();
        JsonNode team = answer.path("team");
        String teamId = TokenAnswers.text(team, "id");
        String enterpriseId = TokenAnswers.text(answer.path("enterprise"), "id");
        String externalId = teamId != null ? teamId : enterpriseId; // org-wide installs name no team
        if (externalId == null) {
            throw new ProviderCallException(provider(), 200, "invalid_response");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        putIfPresent(metadata, "team_id", teamId);
        putIfPresent(metadata, "enterprise_id", enterpriseId);
        putIfPresent(metadata, "bot_user_id", TokenAnswers.text(answer, "bot_user_id"));
        putIfPresent(metadata, "app_id", TokenAnswers.text(answer, "app_id"));
        String name = TokenAnswers.text(team, "name");
        // Slack's events name their team (or enterprise) and app: what the app's one request URL attributes by.
        List<ExternalIdentity> bindings = new ArrayList<>();
        bind(bindings, IdentityKind.SLACK_TEAM, teamId);
        bind(bindings, IdentityKind.SLACK_ENTERPRISE, enterpriseId);
        bind(bindings, IdentityKind.SLACK_APP, TokenAnswers.text(answer, "app_id"));
        return new ExternalAccount(externalId, name != null ? name
                : TokenAnswers.text(answer.path("enterprise"), "name"), metadata, bindings);
    }

    @Override
    public RevokeOutcome revoke(OAuthHttp http, OAuthClientProperties.Client client, String accessToken) {
        if (client.revokeUrl() == null) {
            return RevokeOutcome.NOT_SUPPORTED;
        }
        try {
            OAuthHttp.Reply reply = http.postForm(provider(), URI.create(client.revokeUrl()),
                    new LinkedMultiValueMap<>(), h -> h.setBearerAuth(accessToken));
            String error = TokenAnswers.text(reply.json(), "error");
            boolean ok = reply.json() != null && reply.json().path("ok").asBoolean(false);
            // a token Slack already considers dead needs no revoking
            if (reply.ok() && (ok || "invalid_auth".equals(error) || "token_revoked".equals(error)
                    || "account_inactive".equals(error))) {
                return RevokeOutcome.REVOKED;
            }
            return RevokeOutcome.failed(reply.status(), ProviderCallException.errorCode(error, reply.failure()));
        } catch (ProviderCallException e) {
            return RevokeOutcome.failed(e.status(), e.upstreamError());
        }
    }

    private static void bind(List<ExternalIdentity> bindings, IdentityKind kind, String value) {
        if (ExternalIdentity.isValid(value)) {
            bindings.add(ExternalIdentity.of(kind, value));
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
