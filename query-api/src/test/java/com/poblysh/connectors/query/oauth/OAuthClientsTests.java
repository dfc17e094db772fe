package com.poblysh.connectors.query.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What connecting needs before any provider is called: credentials, a base URL, and a short enough URL. */
class OAuthClientsTests {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final List<ProviderOAuth> DIALECTS = OAuthTesting.dialects(CLOCK);

    @Test
    void namesTheMissingSettingsOfAnUnavailableProvider() {
        OAuthClients clients = clients("https://connectors.example.com", configured("https://github.com/authorize"));

        assertThat(clients.unavailable(Provider.GITHUB)).isEmpty();
        assertThat(clients.unavailable(Provider.JIRA)).hasValueSatisfying(reason ->
                assertThat(reason).contains("POBLYSH_JIRA_CLIENT_ID", "POBLYSH_JIRA_CLIENT_SECRET"));
        assertThat(clients("", configured("https://github.com/authorize")).unavailable(Provider.GITHUB))
                .hasValueSatisfying(reason -> assertThat(reason).contains("POBLYSH_PUBLIC_BASE_URL"));
    }

    @Test
    void encodesTheAuthorizeUrl() {
        String url = clients("https://connectors.example.com", configured("https://github.com/login/oauth/authorize"))
                .authorizeUrl(Provider.GITHUB, "state_-1", "challenge_-1");

        assertThat(url).startsWith("https://github.com/login/oauth/authorize?response_type=code&client_id=id&")
                .contains("redirect_uri=https%3A%2F%2Fconnectors.example.com%2Fconnect%2Fgithub%2Fcallback")
                .contains("scope=repo%20read%3Aorg%20read%3Auser", "state=state_-1", "code_challenge=challenge_-1",
                        "code_challenge_method=S256")
                .doesNotContain("#");
    }

    @Test
    void refusesToStartWhenAnAuthorizeUrlWouldExceed2048Characters() {
        String longPath = "https://github.com/" + "a".repeat(2000);

        assertThatIllegalStateException().isThrownBy(() -> clients("https://connectors.example.com",
                configured(longPath))).withMessageContaining("at most 2048");
    }

    private static OAuthClients clients(String baseUrl, OAuthClientProperties.Client github) {
        return new OAuthClients(new OAuthProperties(baseUrl),
                OAuthTesting.clients(Duration.ofSeconds(1), Map.of(Provider.GITHUB, github)), JsonMapper.builder().build(),
                DIALECTS);
    }

    private static OAuthClientProperties.Client configured(String authorizeUrl) {
        return new OAuthClientProperties.Client("id", "secret", URI.create(authorizeUrl),
                URI.create("https://github.com/login/oauth/access_token"), null, null);
    }
}
