package com.poblysh.connectors.query.oauth;

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

/** The OAuth settings: environment variables, the providers' real endpoints as defaults, and what is refused. */
class OAuthPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OAuthProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withPropertyValues("spring.config.name=poblysh-common,query-api")
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void readsCredentialsAndBaseUrlFromTheEnvironmentVariables() {
        runner.withSystemProperties("POBLYSH_GITHUB_CLIENT_ID=gh-id", "POBLYSH_GITHUB_CLIENT_SECRET=gh-secret",
                "POBLYSH_MICROSOFT_GRAPH_CLIENT_ID=ms-id", "POBLYSH_MICROSOFT_GRAPH_CLIENT_SECRET=ms-secret",
                "POBLYSH_PUBLIC_BASE_URL=https://connectors.example.com/").run(context -> {
                    assertThat(context).hasNotFailed();
                    OAuthProperties properties = context.getBean(OAuthProperties.class);
                    assertThat(properties.publicBaseUrl()).isEqualTo("https://connectors.example.com");
                    assertThat(properties.client(Provider.GITHUB).configured()).isTrue();
                    assertThat(properties.client(Provider.MICROSOFT_GRAPH).clientId()).isEqualTo("ms-id");
                    assertThat(properties.client(Provider.SLACK).configured()).isFalse();
                    assertThat(properties.client(Provider.GITHUB).toString()).doesNotContain("gh-secret");
                });
    }

    @Test
    void defaultsToTheProvidersRealEndpointsAndNoBaseUrlOutsideLocalAndTest() {
        runner.run(context -> {
            OAuthProperties properties = context.getBean(OAuthProperties.class);
            assertThat(properties.publicBaseUrl()).isNull();
            assertThat(properties.client(Provider.GITHUB).tokenUrl())
                    .isEqualTo(URI.create("https://github.com/login/oauth/access_token"));
            assertThat(properties.client(Provider.JIRA).authorizeUrl())
                    .isEqualTo(URI.create("https://auth.atlassian.com/authorize"));
            assertThat(properties.client(Provider.SLACK).revokeUrl()).isEqualTo("https://slack.com/api/auth.revoke");
            assertThat(properties.client(Provider.MICROSOFT_GRAPH).revokeUrl()).isNull();
            assertThat(properties.timeout()).hasSeconds(10);
        });
    }

    @Test
    void refusesAPlainHttpBaseUrlOffLoopback() {
        runner.withSystemProperties("POBLYSH_PUBLIC_BASE_URL=http://connectors.example.com").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("POBLYSH_PUBLIC_BASE_URL must be");
        });
        assertThat(OAuthTesting.properties("http://127.0.0.1:8080", Duration.ofSeconds(1), Map.of()).publicBaseUrl())
                .isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void refusesEndpointsThatWouldSendSecretsInTheClear() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OAuthProperties.Client("id", "secret",
                URI.create("http://github.com/login/oauth/authorize"), URI.create("https://t"), null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OAuthProperties.Client("id", "secret",
                URI.create("https://github.com/authorize#x"), URI.create("https://t"), null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OAuthProperties.Client("id", "secret",
                URI.create("https://github.com/authorize"), URI.create("http://token.example.com/t"), null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OAuthProperties.Client("id", "secret",
                URI.create("https://github.com/authorize"), URI.create("https://t"), null,
                "http://revoke.example.com"));
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
        Map<Provider, OAuthProperties.Client> withoutSlack = new EnumMap<>(Provider.class);
        for (Provider provider : Provider.values()) {
            withoutSlack.put(provider, OAuthTesting.unconfigured());
        }
        withoutSlack.remove(Provider.SLACK);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OAuthProperties(null, Duration.ofSeconds(1), withoutSlack))
                .withMessageContaining("poblysh.oauth.providers.slack");
    }

    @Test
    void bindsEveryProviderAndRefusesAnUnknownOneOrOneWithoutEndpoints() {
        runner.run(context -> assertThat(context.getBean(OAuthProperties.class).providers())
                .containsOnlyKeys(Provider.values()));
        runner.withPropertyValues("poblysh.oauth.providers.gitlab.token-url=https://gitlab.com/oauth/token")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("poblysh.oauth.providers.jira.token-url=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("tokenUrl");
        });
    }
}
