package com.poblysh.connectors.query.oauth;

import java.time.Clock;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The providers' apps (shared with the other services, {@code poblysh-common.yml}) and the clock token expiries are
 * computed with (a bean so tests could fix it).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OAuthClientProperties.class)
class OAuthConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
