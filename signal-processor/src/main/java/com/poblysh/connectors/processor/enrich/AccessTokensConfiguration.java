package com.poblysh.connectors.processor.enrich;

import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.common.tokens.TokensConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Enrichers call providers with the connection's own token, read through the shared {@link AccessTokens}, which
 * renews an expired token on the spot with the provider's refresh grant ({@link TokensConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@Import(TokensConfiguration.class)
class AccessTokensConfiguration {
}
