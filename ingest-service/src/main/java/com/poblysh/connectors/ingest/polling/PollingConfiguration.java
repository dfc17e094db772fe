package com.poblysh.connectors.ingest.polling;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.common.tokens.JdbcAccessTokens;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Poll executors call providers with the connection's own token, read through the shared {@link AccessTokens}. */
@Configuration(proxyBeanMethods = false)
class PollingConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AccessTokens accessTokens(JdbcClient jdbc, SecretCipher cipher) {
        return new JdbcAccessTokens(jdbc, cipher);
    }
}
