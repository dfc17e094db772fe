package com.poblysh.connectors.query.oauth.microsoftgraph;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.query.oauth.ExternalAccount;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.ProviderCallException;
import com.poblysh.connectors.query.oauth.TokenAnswers;
import com.poblysh.connectors.common.oauth.TokenEndpoint;
import com.poblysh.connectors.query.oauth.StandardOAuth;
import org.springframework.stereotype.Component;

/**
 * Microsoft identity platform (v2.0 endpoints) for Graph: PKCE S256, recommended by Microsoft for confidential
 * web apps as well; {@code response_mode=query} so the code arrives as a query parameter; the account is Graph
 * {@code GET /me}. Microsoft has no endpoint to revoke a single delegated token, so disconnecting erases ours only.
 */
@Component
class MicrosoftGraphOAuth extends StandardOAuth {

    MicrosoftGraphOAuth(Clock clock) {
        super(Provider.MICROSOFT_GRAPH, true, TokenEndpoint.FORM, "authorization_code", clock);
    }

    @Override
    public Map<String, String> extraAuthorizeParameters() {
        return Map.of("response_mode", "query");
    }

    @Override
    public ExternalAccount identify(OAuthHttp http, OAuthClientProperties.Client client, Grant grant) {
        OAuthHttp.Reply reply = http.get(provider(), client.userUrl(),
                h -> h.setBearerAuth(grant.tokens().accessToken()));
        String id = TokenAnswers.text(reply.json(), "id");
        if (!reply.ok() || id == null) {
            throw new ProviderCallException(provider(), reply.status(), reply.failure());
        }
        String principal = TokenAnswers.text(reply.json(), "userPrincipalName");
        String name = TokenAnswers.text(reply.json(), "displayName");
        Map<String, Object> metadata = new HashMap<>();
        if (principal != null) {
            metadata.put("user_principal_name", principal);
        }
        return new ExternalAccount(id, name != null ? name : principal, metadata);
    }
}
