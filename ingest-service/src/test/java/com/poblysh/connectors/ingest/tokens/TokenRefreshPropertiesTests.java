package com.poblysh.connectors.ingest.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The sweep's settings: the variables, the defaults, and an ahead that would let tokens expire between sweeps. */
class TokenRefreshPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TokenRefreshProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withPropertyValues("spring.config.name=poblysh-common,ingest-service")
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void sweepsEveryMinuteForTokensExpiringWithinTenByDefault() {
        runner.run(context -> {
            TokenRefreshProperties properties = context.getBean(TokenRefreshProperties.class);
            assertThat(properties.interval()).hasMinutes(1);
            assertThat(properties.ahead()).hasMinutes(10);
        });
    }

    @Test
    void readsTheVariables() {
        runner.withSystemProperties("POBLYSH_TOKEN_REFRESH_INTERVAL=30s", "POBLYSH_TOKEN_REFRESH_AHEAD=15m")
                .run(context -> {
                    TokenRefreshProperties properties = context.getBean(TokenRefreshProperties.class);
                    assertThat(properties.interval()).hasSeconds(30);
                    assertThat(properties.ahead()).hasMinutes(15);
                });
    }

    @Test
    void refusesAnAheadNoLongerThanTheInterval() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenRefreshProperties(Duration.ofMinutes(10),
                Duration.ofMinutes(10))).withMessageContaining("longer than the interval");
    }
}
