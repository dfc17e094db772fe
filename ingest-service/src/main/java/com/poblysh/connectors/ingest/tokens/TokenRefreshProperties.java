package com.poblysh.connectors.ingest.tokens;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the scheduled token refresh ({@code poblysh.ingest.tokens.*}).
 *
 * @param interval how often this instance looks for tokens about to expire ({@code POBLYSH_TOKEN_REFRESH_INTERVAL},
 *                 default 1m)
 * @param ahead    tokens expiring within this are renewed ({@code POBLYSH_TOKEN_REFRESH_AHEAD}, default 10m); longer
 *                 than the interval, so a token is renewed before it expires even if one sweep is missed
 */
@Validated
@ConfigurationProperties("poblysh.ingest.tokens")
record TokenRefreshProperties(
        @NotNull @DefaultValue("1m") Duration interval,
        @NotNull @DefaultValue("10m") Duration ahead) {

    TokenRefreshProperties {
        if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("poblysh.ingest.tokens.interval must be at least 1s, got " + interval);
        }
        if (ahead != null && interval != null && ahead.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("poblysh.ingest.tokens.ahead must be longer than the interval ("
                    + interval + "), got " + ahead);
        }
    }
}
