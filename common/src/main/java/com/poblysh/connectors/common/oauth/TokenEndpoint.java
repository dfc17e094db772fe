package com.poblysh.connectors.common.oauth;

import java.util.LinkedHashMap;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * How a provider's token endpoint takes a grant (RFC 6749 §4.1.3 code exchange, §6 refresh): a form or a JSON body,
 * and the app's credentials in that body ({@code client_secret_post}) or by HTTP basic auth
 * ({@code client_secret_basic}). The body is {@code grant_type} (when the provider wants one), the credentials when
 * they go in the body, then the grant's own parameters in their order.
 */
public enum TokenEndpoint {

    /** A form with {@code client_id} and {@code client_secret} in it (GitHub, Microsoft). */
    FORM,

    /** A form, the credentials by HTTP basic auth (Slack). */
    FORM_BASIC_AUTH,

    /** A JSON object with {@code client_id} and {@code client_secret} in it (Atlassian). */
    JSON;

    /**
     * POSTs one grant to {@code client}'s token URL.
     *
     * @param grantType  e.g. {@code refresh_token}; null for a provider that wants none (GitHub's code exchange)
     * @param parameters the grant's parameters, e.g. {@code code} and {@code redirect_uri}
     */
    public OAuthHttp.Reply post(OAuthHttp http, Provider provider, OAuthClientProperties.Client client,
            String grantType, Map<String, String> parameters) {
        Map<String, String> body = new LinkedHashMap<>();
        if (grantType != null) {
            body.put("grant_type", grantType);
        }
        if (this != FORM_BASIC_AUTH) {
            body.put("client_id", client.clientId());
            body.put("client_secret", client.clientSecret());
        }
        body.putAll(parameters);
        if (this == JSON) {
            return http.sendJson(provider, HttpMethod.POST, client.tokenUrl(), body, h -> { });
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        body.forEach(form::add);
        return http.postForm(provider, client.tokenUrl(), form, h -> {
            if (this == FORM_BASIC_AUTH) {
                h.setBasicAuth(client.clientId(), client.clientSecret());
            }
        });
    }
}
