package com.poblysh.connectors.query.oauth;

import java.util.Map;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.provider.Provider;
import tools.jackson.databind.JsonNode;

/**
 * One provider's OAuth 2.0 dialect: what its authorize URL needs, how a code becomes tokens, how the connected
 * account is identified and how a token is revoked. Each provider's implementation is a bean in its own package,
 * {@code query.oauth.<provider>} (e.g. {@code query.oauth.microsoftgraph}); adding a provider is one such package
 * plus its endpoints in {@code query-api.yml}.
 */
public interface ProviderOAuth {

    /** The provider this dialect speaks for. */
    Provider provider();

    /** Whether the flow sends a PKCE S256 challenge (only where the provider's docs support it for web apps). */
    boolean pkce();

    /** How the provider separates scopes in the authorize URL. */
    default String scopeDelimiter() {
        return " ";
    }

    /** Provider-specific authorize parameters beyond the standard ones. */
    default Map<String, String> extraAuthorizeParameters() {
        return Map.of();
    }

    /** Exchanges {@code code}; {@code codeVerifier} is null without PKCE. */
    Grant exchange(OAuthHttp http, OAuthClientProperties.Client client, String code, String redirectUri, String codeVerifier);

    /** Reads who the tokens act for. */
    ExternalAccount identify(OAuthHttp http, OAuthClientProperties.Client client, Grant grant);

    /** Revokes the provider-side grant; never throws. */
    default RevokeOutcome revoke(OAuthHttp http, OAuthClientProperties.Client client, String accessToken) {
        return RevokeOutcome.NOT_SUPPORTED;
    }

    /** The tokens plus the provider's whole token answer, which some providers use to name the account. */
    record Grant(TokenGrant tokens, JsonNode answer) {
    }
}
