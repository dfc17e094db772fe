package com.poblysh.connectors.common.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Operator authentication: {@code POBLYSH_OPERATOR_TOKENS} (comma-separated) with {@code POBLYSH_OPERATOR_TOKEN}
 * as the single-token fallback.
 *
 * @param operatorTokens allowed bearer tokens
 * @param operatorToken  single-token fallback, used when {@code operatorTokens} is empty
 * @param required       whether start-up outside the local/test profiles needs a token (default true; false only
 *                       for a service without operator endpoints)
 */
@Validated
@ConfigurationProperties("poblysh.auth")
public record AuthProperties(List<String> operatorTokens, String operatorToken,
        @org.springframework.boot.context.properties.bind.DefaultValue("true") boolean required) {

    public AuthProperties {
        operatorTokens = operatorTokens == null ? List.of() : List.copyOf(operatorTokens);
    }

    /** The effective token list. */
    public List<String> tokens() {
        if (!operatorTokens.stream().allMatch(String::isBlank)) {
            return operatorTokens;
        }
        return operatorToken == null || operatorToken.isBlank() ? List.of() : List.of(operatorToken);
    }

    @Override
    public String toString() {
        return "AuthProperties[" + tokens().size() + " operator token(s), values redacted]";
    }
}
