package com.poblysh.connectors.common.crypto;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What the service that re-encrypts secrets after a key rotation imports ({@code @Import}, ingest-service does): the
 * {@link SecretReencryption} and, unless {@code poblysh.crypto.reencrypt.enabled=false}, its schedule.
 */
@Configuration(proxyBeanMethods = false)
public class KeyRotationConfiguration {

    @Bean
    SecretReencryption secretReencryption(JdbcClient jdbc, PlatformTransactionManager transactions,
            SecretCipher cipher, CryptoProperties properties) {
        return new SecretReencryption(jdbc, transactions, cipher, properties.reencrypt().batchSize());
    }

    @Bean
    @ConditionalOnProperty(name = "poblysh.crypto.reencrypt.enabled", havingValue = "true", matchIfMissing = true)
    SecretReencryptionSchedule secretReencryptionSchedule(SecretReencryption reencryption,
            CryptoProperties properties) {
        return new SecretReencryptionSchedule(reencryption, properties.reencrypt().interval());
    }
}
