package com.poblysh.connectors.processor.enrich;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.common.tokens.JdbcAccessTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Enrichers call providers with the connection's own token, read through the shared {@link AccessTokens}. */
@Configuration(proxyBeanMethods = false)
class AccessTokensConfiguration {

    @Bean
    AccessTokens accessTokens(JdbcClient jdbc, SecretCipher cipher) {
        return new JdbcAccessTokens(jdbc, cipher);
    }
}
