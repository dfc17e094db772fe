package com.poblysh.connectors.common.oauth.jira;

import java.util.Set;

import com.poblysh.connectors.common.oauth.StandardRefresh;
import com.poblysh.connectors.common.oauth.TokenEndpoint;
import com.poblysh.connectors.common.provider.Provider;
import org.springframework.stereotype.Component;

/**
 * Atlassian OAuth 2.0 (3LO): {@code POST https://auth.atlassian.com/oauth/token} with a JSON body
 * ({@code grant_type=refresh_token}, client id and secret). Refresh tokens rotate: each answer carries a new one and
 * the old one is invalidated, so it must be stored with the access token. A dead refresh token (expired after 90 days
 * of inactivity, rotated away, access revoked) is answered 403 {@code invalid_grant}.
 */
@Component
class JiraRefresh extends StandardRefresh {

    JiraRefresh() {
        super(Provider.JIRA, TokenEndpoint.JSON, Set.of("invalid_grant"));
    }
}
