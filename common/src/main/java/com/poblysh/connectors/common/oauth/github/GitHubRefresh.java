package com.poblysh.connectors.common.oauth.github;

import java.util.Set;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.RefreshAnswers;
import com.poblysh.connectors.common.oauth.RefreshDialect;
import com.poblysh.connectors.common.oauth.RefreshOutcome;
import com.poblysh.connectors.common.provider.Provider;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * GitHub's expiring user tokens: {@code POST /login/oauth/access_token} with {@code grant_type=refresh_token} and the
 * app's credentials in the form, {@code Accept: application/json}. Every refresh rotates the refresh token (the old
 * one stops working), and errors come as HTTP 200 with an {@code error} field; {@code bad_refresh_token} means the
 * refresh token is expired, revoked or already used.
 */
@Component
class GitHubRefresh implements RefreshDialect {

    private static final Set<String> REJECTIONS = Set.of("bad_refresh_token");

    @Override
    public Provider provider() {
        return Provider.GITHUB;
    }

    @Override
    public RefreshOutcome refresh(OAuthHttp http, OAuthClientProperties.Client client, String refreshToken) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("client_id", client.clientId());
        form.add("client_secret", client.clientSecret());
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        return RefreshAnswers.read(provider(), http.postForm(provider(), client.tokenUrl(), form, h -> { }),
                REJECTIONS);
    }
}
