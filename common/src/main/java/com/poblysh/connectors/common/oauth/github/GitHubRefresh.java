package com.poblysh.connectors.common.oauth.github;

import java.util.Set;

import com.poblysh.connectors.common.oauth.StandardRefresh;
import com.poblysh.connectors.common.oauth.TokenEndpoint;
import com.poblysh.connectors.common.provider.Provider;
import org.springframework.stereotype.Component;

/**
 * GitHub's expiring user tokens: {@code POST /login/oauth/access_token} with {@code grant_type=refresh_token} and the
 * app's credentials in the form, {@code Accept: application/json}. Every refresh rotates the refresh token (the old
 * one stops working), and errors come as HTTP 200 with an {@code error} field; {@code bad_refresh_token} means the
 * refresh token is expired, revoked or already used.
 */
@Component
class GitHubRefresh extends StandardRefresh {

    GitHubRefresh() {
        super(Provider.GITHUB, TokenEndpoint.FORM, Set.of("bad_refresh_token"));
    }
}
