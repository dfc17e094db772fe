package com.poblysh.connectors.common.oauth.jira;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.RefreshAnswers;
import com.poblysh.connectors.common.oauth.RefreshDialect;
import com.poblysh.connectors.common.oauth.RefreshOutcome;
import com.poblysh.connectors.common.provider.Provider;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/**
 * Atlassian OAuth 2.0 (3LO): {@code POST https://auth.atlassian.com/oauth/token} with a JSON body
 * ({@code grant_type=refresh_token}, client id and secret). Refresh tokens rotate: each answer carries a new one and
 * the old one is invalidated, so it must be stored with the access token. A dead refresh token (expired after 90 days
 * of inactivity, rotated away, access revoked) is answered 403 {@code invalid_grant}.
 */
@Component
class JiraRefresh implements RefreshDialect {

    private static final Set<String> REJECTIONS = Set.of("invalid_grant");

    @Override
    public Provider provider() {
        return Provider.JIRA;
    }

    @Override
    public RefreshOutcome refresh(OAuthHttp http, OAuthClientProperties.Client client, String refreshToken) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "refresh_token");
        body.put("client_id", client.clientId());
        body.put("client_secret", client.clientSecret());
        body.put("refresh_token", refreshToken);
        return RefreshAnswers.read(provider(), http.sendJson(provider(), HttpMethod.POST, client.tokenUrl(), body,
                h -> { }), REJECTIONS);
    }
}
