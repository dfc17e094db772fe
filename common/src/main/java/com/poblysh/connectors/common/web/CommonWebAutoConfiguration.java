package com.poblysh.connectors.common.web;

import java.util.List;

import com.poblysh.connectors.common.crypto.CryptoProperties;
import com.poblysh.connectors.common.crypto.SecretCipher;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Wires what every service shares: trace ids, problem+json, operator tokens, tenant resolution, the cipher. */
@AutoConfiguration
@EnableConfigurationProperties({AuthProperties.class, CryptoProperties.class})
public class CommonWebAutoConfiguration {

    /** Profiles where a missing token or key is tolerated (tenant-scoped calls then answer 401). */
    public static final Profiles RELAXED = Profiles.of("local | test");

    @Bean
    FilterRegistrationBean<TraceIdFilter> traceIdFilter() {
        FilterRegistrationBean<TraceIdFilter> registration = new FilterRegistrationBean<>(new TraceIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    ProblemAdvice problemAdvice() {
        return new ProblemAdvice();
    }

    @Bean
    ProblemResponses problemResponses(JsonMapper json) {
        return new ProblemResponses(json);
    }

    @Bean
    OperatorTokens operatorTokens(AuthProperties properties, Environment environment) {
        OperatorTokens tokens = OperatorTokens.of(properties.tokens());
        if (tokens.isEmpty() && properties.required() && !environment.acceptsProfiles(RELAXED)) {
            throw new IllegalStateException("No operator token configured: set POBLYSH_OPERATOR_TOKENS "
                    + "(comma-separated) or POBLYSH_OPERATOR_TOKEN. Only the local and test profiles may run without.");
        }
        return tokens;
    }

    @Bean
    TenantRequests tenantRequests(OperatorTokens tokens) {
        return new TenantRequests(tokens);
    }

    @Bean
    SecretCipher secretCipher(CryptoProperties properties) {
        if (!properties.hasKey()) {
            throw new IllegalStateException("No encryption key configured: set POBLYSH_CRYPTO_KEY to base64 of 32 "
                    + "random bytes (openssl rand -base64 32), or POBLYSH_CRYPTO_KEYS to <id>:<base64>,...");
        }
        return SecretCipher.of(properties);
    }

    @Bean
    WebMvcConfigurer tenantIdArguments(TenantRequests tenants) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new TenantIdArgumentResolver(tenants));
            }
        };
    }
}
