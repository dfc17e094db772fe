package com.poblysh.connectors.ingest.crypto;

import com.poblysh.connectors.common.crypto.KeyRotationConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * ingest-service runs the background re-encryption of secrets after a rotation of {@code POBLYSH_CRYPTO_KEY}
 * ({@code docs/runbooks/rotate-crypto-key.md}); the other services only read and write with the key ring.
 */
@Configuration(proxyBeanMethods = false)
@Import(KeyRotationConfiguration.class)
class ReencryptionConfiguration {
}
