package com.poblysh.connectors.query;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the query-api ({@code poblysh.query.*}).
 *
 * @param cursorSecret HMAC-SHA256 key that signs list cursors ({@code POBLYSH_CURSOR_SECRET}), at least 32
 *                     characters and the same on every instance; only the local and test profiles have a default
 */
@Validated
@ConfigurationProperties("poblysh.query")
public record QueryProperties(
        @NotBlank(message = "POBLYSH_CURSOR_SECRET is not set. List cursors are signed with it and every query-api "
                + "instance must share it: set it to at least 32 random characters (openssl rand -base64 32). "
                + "Only the local and test profiles have a built-in development secret.")
        String cursorSecret) {

    @Override
    public String toString() {
        return "QueryProperties[cursorSecret " + (cursorSecret == null || cursorSecret.isBlank() ? "missing" : "redacted")
                + "]";
    }
}
