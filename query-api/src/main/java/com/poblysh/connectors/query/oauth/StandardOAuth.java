package com.poblysh.connectors.query.oauth;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.TokenEndpoint;
import com.poblysh.connectors.common.provider.Provider;

/**
 * A {@link ProviderOAuth} whose code exchange is the RFC 6749 §4.1.3 request: {@code code}, {@code redirect_uri}
 * and, with PKCE, {@code code_verifier}, sent the way the provider's {@link TokenEndpoint} takes it and read with
 * {@link TokenAnswers}. A provider says how its endpoint is spoken to and adds how the account is identified.
 */
public abstract class StandardOAuth implements ProviderOAuth {

    private final Provider provider;
    private final boolean pkce;
    private final TokenEndpoint endpoint;
    private final String grantType;
    private final Clock clock;

    /**
     * @param pkce      whether the flow sends a PKCE S256 challenge (and so the verifier with the code)
     * @param grantType the {@code grant_type} the endpoint wants, {@code authorization_code}; null where it wants
     *                  none (GitHub)
     * @param clock     what token expiries are computed from
     */
    protected StandardOAuth(Provider provider, boolean pkce, TokenEndpoint endpoint, String grantType, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.pkce = pkce;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.grantType = grantType;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public final Provider provider() {
        return provider;
    }

    @Override
    public final boolean pkce() {
        return pkce;
    }

    @Override
    public final Grant exchange(OAuthHttp http, OAuthClientProperties.Client client, String code, String redirectUri,
            String codeVerifier) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", code);
        parameters.put("redirect_uri", redirectUri);
        if (pkce && codeVerifier != null) {
            parameters.put("code_verifier", codeVerifier);
        }
        return TokenAnswers.read(provider, endpoint.post(http, provider, client, grantType, parameters), clock);
    }
}
