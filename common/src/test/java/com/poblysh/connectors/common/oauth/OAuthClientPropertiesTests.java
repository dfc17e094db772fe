package com.poblysh.connectors.common.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The providers' apps as every service reads them from {@code poblysh-common.yml}: environment variables, the
 * providers' real endpoints as defaults, and what is refused.
 */
class OAuthClientPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OAuthClientProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withPropertyValues("spring.config.name=poblysh-common")
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void readsCredentialsFromTheEnvironmentVariables() {
        runner.withSystemProperties("POBLYSH_GITHUB_CLIENT_ID=gh-id", "POBLYSH_GITHUB_CLIENT_SECRET=gh-secret",
                "POBLYSH_MICROSOFT_GRAPH_CLIENT_ID=ms-id", "POBLYSH_MICROSOFT_GRAPH_CLIENT_SECRET=ms-secret",
                "POBLYSH_OAUTH_TIMEOUT=3s").run(context -> {
                    assertThat(context).hasNotFailed();
                    OAuthClientProperties properties = context.getBean(OAuthClientProperties.class);
                    assertThat(properties.client(Provider.GITHUB).configured()).isTrue();
                    assertThat(properties.client(Provider.MICROSOFT_GRAPH).clientId()).isEqualTo("ms-id");
                    assertThat(properties.client(Provider.SLACK).configured()).isFalse();
                    assertThat(properties.client(Provider.GITHUB).toString()).doesNotContain("gh-secret");
                    assertThat(properties.timeout()).hasSeconds(3);
                });
    }

    @Test
    void defaultsToTheProvidersRealEndpoints() {
        runner.run(context -> {
            OAuthClientProperties properties = context.getBean(OAuthClientProperties.class);
            assertThat(properties.client(Provider.GITHUB).tokenUrl())
                    .isEqualTo(URI.create("https://github.com/login/oauth/access_token"));
            assertThat(properties.client(Provider.JIRA).tokenUrl())
                    .isEqualTo(URI.create("https://auth.atlassian.com/oauth/token"));
            assertThat(properties.client(Provider.MICROSOFT_GRAPH).tokenUrl())
                    .isEqualTo(URI.create("https://login.microsoftonline.com/common/oauth2/v2.0/token"));
            assertThat(properties.client(Provider.SLACK).tokenUrl())
                    .isEqualTo(URI.create("https://slack.com/api/oauth.v2.access"));
            assertThat(properties.client(Provider.JIRA).authorizeUrl())
                    .isEqualTo(URI.create("https://auth.atlassian.com/authorize"));
            assertThat(properties.client(Provider.SLACK).revokeUrl()).isEqualTo("https://slack.com/api/auth.revoke");
            assertThat(properties.client(Provider.MICROSOFT_GRAPH).revokeUrl()).isNull();
            assertThat(properties.timeout()).hasSeconds(10);
        });
    }

    @Test
    void refusesEndpointsThatWouldSendSecretsInTheClear() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OAuthClientProperties.Client("id", "secret",
                URI.create("http://github.com/login/oauth/authorize"), URI.create("https://t"), null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OAuthClientProperties.Client("id", "secret",
                URI.create("https://github.com/authorize#x"), URI.create("https://t"), null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OAuthClientProperties.Client("id", "secret",
                URI.create("https://github.com/authorize"), URI.create("http://token.example.com/t"), null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OAuthClientProperties.Client("id", "secret",
                URI.create("https://github.com/authorize"), URI.create("https://t"), null,
                "http://revoke.example.com"));
    }

    @Test
    void acceptsPlainHttpOnlyOnALoopbackHostAsTheLocalRunsFakeProvidersUseIt() {
        OAuthClientProperties.Client local = new OAuthClientProperties.Client("id", "secret",
                URI.create("http://127.0.0.1:8099/login/oauth/authorize"),
                URI.create("http://127.0.0.1:8099/login/oauth/access_token"), null, null);

        assertThat(local.authorizeUrl().getPort()).isEqualTo(8099);
        assertThatIllegalArgumentException().isThrownBy(() -> new OAuthClientProperties.Client("id", "secret",
                URI.create("http://10.0.0.7/login/oauth/authorize"), URI.create("https://t"), null, null));
    }

    @Test
    void refusesToStartNamingAProviderWithoutSettings() {
        new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class)
                .withPropertyValues("poblysh.oauth.timeout=1s",
                        "poblysh.oauth.providers.github.authorize-url=https://github.com/login/oauth/authorize",
                        "poblysh.oauth.providers.github.token-url=https://github.com/login/oauth/access_token",
                        "poblysh.oauth.providers.jira.authorize-url=https://auth.atlassian.com/authorize",
                        "poblysh.oauth.providers.jira.token-url=https://auth.atlassian.com/oauth/token",
                        "poblysh.oauth.providers.slack.authorize-url=https://slack.com/oauth/v2/authorize",
                        "poblysh.oauth.providers.slack.token-url=https://slack.com/api/oauth.v2.access")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("no OAuth settings for poblysh.oauth.providers.microsoft-graph")
                            .hasMessageNotContaining("providers.slack");
                });
        Map<Provider, OAuthClientProperties.Client> withoutSlack = new EnumMap<>(Provider.class);
        for (Provider provider : Provider.values()) {
            withoutSlack.put(provider, new OAuthClientProperties.Client("", "", URI.create("https://example.com/a"),
                    URI.create("https://example.com/t"), null, null));
        }
        withoutSlack.remove(Provider.SLACK);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OAuthClientProperties(Duration.ofSeconds(1), withoutSlack))
                .withMessageContaining("poblysh.oauth.providers.slack");
    }

    @Test
    void bindsEveryProviderAndRefusesAnUnknownOneOrOneWithoutEndpoints() {
        runner.run(context -> assertThat(context.getBean(OAuthClientProperties.class).providers())
                .containsOnlyKeys(Provider.values()));
        runner.withPropertyValues("poblysh.oauth.providers.gitlab.token-url=https://gitlab.com/oauth/token")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("poblysh.oauth.providers.jira.token-url=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("tokenUrl");
        });
    }
}
