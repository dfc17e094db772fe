package com.poblysh.connectors.common.oauth.slack;

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
 * Slack token rotation: {@code POST oauth.v2.access} with {@code grant_type=refresh_token}, the app's credentials by
 * HTTP basic auth (as the code exchange sends them). Each answer carries a new {@code xoxe-} refresh token, and
 * errors come as HTTP 200 {@code {ok: false, error}}; {@code invalid_refresh_token} (or {@code token_revoked}, the
 * app was uninstalled) means the refresh token is no good.
 */
@Component
class SlackRefresh implements RefreshDialect {

    private static final Set<String> REJECTIONS = Set.of("invalid_refresh_token", "token_revoked");

    @Override
    public Provider provider() {
        return Provider.SLACK;
    }

    @Override
    public RefreshOutcome refresh(OAuthHttp http, OAuthClientProperties.Client client, String refreshToken) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        return RefreshAnswers.read(provider(), http.postForm(provider(), client.tokenUrl(), form,
                h -> h.setBasicAuth(client.clientId(), client.clientSecret())), REJECTIONS);
    }
}
