package com.poblysh.connectors.ingest.connections;

import java.time.Duration;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.common.tokens.JdbcAccessTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Poll executors call providers with the connection's own token, read through the shared {@link AccessTokens}.
 * Read on every page, uncached: a page costs at least one provider round trip, so one indexed query is noise, and
 * after a refused token was refreshed the page must be read again with the new one at once.
 */
@Configuration(proxyBeanMethods = false)
class AccessTokensConfiguration {

    @Bean
    AccessTokens accessTokens(JdbcClient jdbc, SecretCipher cipher) {
        return new JdbcAccessTokens(jdbc, cipher, Duration.ZERO);
    }
}
