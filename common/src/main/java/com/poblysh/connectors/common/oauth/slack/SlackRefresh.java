package com.poblysh.connectors.common.oauth.slack;

import java.util.Set;

import com.poblysh.connectors.common.oauth.StandardRefresh;
import com.poblysh.connectors.common.oauth.TokenEndpoint;
import com.poblysh.connectors.common.provider.Provider;
import org.springframework.stereotype.Component;

/**
 * Slack token rotation: {@code POST oauth.v2.access} with {@code grant_type=refresh_token}, the app's credentials by
 * HTTP basic auth (as the code exchange sends them). Each answer carries a new {@code xoxe-} refresh token, and
 * errors come as HTTP 200 {@code {ok: false, error}}; {@code invalid_refresh_token} (or {@code token_revoked}, the
 * app was uninstalled) means the refresh token is no good.
 */
@Component
class SlackRefresh extends StandardRefresh {

    SlackRefresh() {
        super(Provider.SLACK, TokenEndpoint.FORM_BASIC_AUTH, Set.of("invalid_refresh_token", "token_revoked"));
    }
}
