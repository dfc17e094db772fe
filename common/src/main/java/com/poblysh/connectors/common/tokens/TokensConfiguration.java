package com.poblysh.connectors.common.tokens;

import java.time.Clock;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.RefreshDialect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a service that calls providers on a tenant's behalf imports ({@code @Import(TokensConfiguration.class)}):
 * the providers' apps ({@code poblysh.oauth.*}), every provider's {@link RefreshDialect} (found in
 * {@code common.oauth.<provider>}), the {@link TokenRefresher} and the {@link AccessTokens} that renews expired
 * tokens with it. A service declares no other {@link AccessTokens}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OAuthClientProperties.class)
@ComponentScan(basePackageClasses = RefreshDialect.class, useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = RefreshDialect.class))
public class TokensConfiguration {

    @Bean
    TokenRefresher tokenRefresher(JdbcClient jdbc, PlatformTransactionManager transactions, SecretCipher cipher,
            OAuthClientProperties clients, ObjectProvider<RefreshDialect> dialects, ObjectProvider<JsonMapper> json,
            ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
        return new TokenRefresher(jdbc, transactions, cipher, clients,
                new OAuthHttp(clients.timeout(), json.getIfAvailable(() -> JsonMapper.builder().build())),
                dialects.orderedStream().toList(), clock.getIfAvailable(Clock::systemUTC),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    AccessTokens accessTokens(JdbcClient jdbc, SecretCipher cipher, TokenRefresher refresher,
            ObjectProvider<Clock> clock) {
        return new JdbcAccessTokens(jdbc, cipher, refresher, clock.getIfAvailable(Clock::systemUTC));
    }
}
