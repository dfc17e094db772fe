package com.poblysh.connectors.ingest.tokens;

import java.time.Clock;

import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.common.tokens.TokenRefresher;
import com.poblysh.connectors.common.tokens.TokensConfiguration;
import com.poblysh.connectors.ingest.jobs.CredentialRefresher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Tokens in ingest-service: the renewing {@link AccessTokens} poll executors read tokens through, the sync engine's
 * {@link CredentialRefresher} (a provider's 401 renews the token the executor was given, once, unless another caller
 * already did), and the scheduled renewal of tokens about to expire.
 */
@Configuration(proxyBeanMethods = false)
@Import(TokensConfiguration.class)
@EnableConfigurationProperties(TokenRefreshProperties.class)
class TokenRefreshConfiguration {

    @Bean
    CredentialRefresher credentialRefresher(AccessTokens tokens) {
        return (tenant, provider, connectionId) -> tokens.renewRefused(tenant, connectionId, provider);
    }

    @Bean
    TokenRefreshSchedule tokenRefreshSchedule(TokenRefresher refresher, TokenRefreshProperties properties,
            Clock clock) {
        return new TokenRefreshSchedule(refresher, properties, clock);
    }
}
