package com.poblysh.connectors.query.oauth;

import java.time.Clock;
import java.util.Map;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.provider.Provider;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The code exchange of providers whose token endpoint takes the client's credentials and the PKCE verifier in an
 * {@code application/x-www-form-urlencoded} body (GitHub, Microsoft): after the provider's own leading fields,
 * {@code client_id}, {@code client_secret}, {@code code}, {@code redirect_uri} and, with PKCE, {@code code_verifier}.
 */
public final class FormCodeExchange {

    private final Provider provider;
    private final Map<String, String> leadingFields;
    private final Clock clock;

    /** {@code leadingFields} (e.g. Microsoft's {@code grant_type}) go first, in the map's iteration order. */
    public FormCodeExchange(Provider provider, Map<String, String> leadingFields, Clock clock) {
        this.provider = provider;
        this.leadingFields = leadingFields;
        this.clock = clock;
    }

    /** Exchanges {@code code}; {@code codeVerifier} is null without PKCE. */
    public ProviderOAuth.Grant exchange(OAuthHttp http, OAuthClientProperties.Client client, String code, String redirectUri,
            String codeVerifier) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        leadingFields.forEach(form::add);
        form.add("client_id", client.clientId());
        form.add("client_secret", client.clientSecret());
        form.add("code", code);
        form.add("redirect_uri", redirectUri);
        if (codeVerifier != null) {
            form.add("code_verifier", codeVerifier);
        }
        return TokenAnswers.read(provider, http.postForm(provider, client.tokenUrl(), form, h -> { }), clock);
    }
}
