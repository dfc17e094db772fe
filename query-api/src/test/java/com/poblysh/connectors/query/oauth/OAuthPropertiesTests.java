package com.poblysh.connectors.query.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The connect flow's own setting (the public base URL) next to the providers' apps it shares with the other services
 * (common's {@code OAuthClientPropertiesTests} checks those), as query-api loads them.
 */
class OAuthPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({OAuthProperties.class, OAuthClientProperties.class})
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withPropertyValues("spring.config.name=poblysh-common,query-api")
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void readsTheBaseUrlAndTheAppsFromTheEnvironmentVariables() {
        runner.withSystemProperties("POBLYSH_GITHUB_CLIENT_ID=gh-id", "POBLYSH_GITHUB_CLIENT_SECRET=gh-secret",
                "POBLYSH_PUBLIC_BASE_URL=https://connectors.example.com/").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(OAuthProperties.class).publicBaseUrl())
                            .isEqualTo("https://connectors.example.com");
                    assertThat(context.getBean(OAuthClientProperties.class).client(Provider.GITHUB).configured())
                            .isTrue();
                });
    }

    @Test
    void hasNoBaseUrlOutsideLocalAndTest() {
        runner.run(context -> assertThat(context.getBean(OAuthProperties.class).publicBaseUrl()).isNull());
    }

    @Test
    void refusesAPlainHttpBaseUrlOffLoopback() {
        runner.withSystemProperties("POBLYSH_PUBLIC_BASE_URL=http://connectors.example.com").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("POBLYSH_PUBLIC_BASE_URL must be");
        });
        assertThat(new OAuthProperties("http://127.0.0.1:8080").publicBaseUrl()).isEqualTo("http://127.0.0.1:8080");
    }
}
