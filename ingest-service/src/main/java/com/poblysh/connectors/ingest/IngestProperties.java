package com.poblysh.connectors.ingest;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of ingest-service ({@code poblysh.ingest.*}).
 *
 * @param maxBodyBytes largest webhook body accepted, default 1 MiB ({@code POBLYSH_INGEST_MAX_BODY_BYTES}, a byte
 *                     count or a size such as {@code 2MB}); larger bodies are answered 413
 * @param sendTimeout  how long a webhook waits for Kafka to acknowledge its raw event before answering 503
 *                     ({@code POBLYSH_INGEST_SEND_TIMEOUT}, default 5s: GitHub gives up on a delivery after 10s, so
 *                     the 503 must reach it before that)
 * @param github       GitHub webhook settings
 */
@Validated
@ConfigurationProperties("poblysh.ingest")
public record IngestProperties(
        @NotNull @DefaultValue("1MB") DataSize maxBodyBytes,
        @NotNull @DefaultValue("5s") Duration sendTimeout,
        @Valid @NotNull @DefaultValue Github github) {

    /** Bodies are held in one byte array and one Kafka record, so the limit stays well below what either allows. */
    static final DataSize LARGEST_ALLOWED_BODY = DataSize.ofMegabytes(64);

    public IngestProperties {
        if (maxBodyBytes != null && (maxBodyBytes.toBytes() < 1
                || maxBodyBytes.compareTo(LARGEST_ALLOWED_BODY) > 0)) {
            throw new IllegalArgumentException("poblysh.ingest.max-body-bytes must be between 1 byte and "
                    + LARGEST_ALLOWED_BODY + ", got " + maxBodyBytes);
        }
        if (sendTimeout != null && (sendTimeout.isZero() || sendTimeout.isNegative())) {
            throw new IllegalArgumentException("poblysh.ingest.send-timeout must be positive, got " + sendTimeout);
        }
    }

    /**
     * GitHub webhooks.
     *
     * @param webhookSecret the secret configured on the GitHub webhook ({@code POBLYSH_GITHUB_WEBHOOK_SECRET});
     *                      without it the public GitHub webhook path refuses every unsigned-by-operator request
     */
    public record Github(String webhookSecret) {

        @Override
        public String toString() {
            return "Github[webhookSecret=" + (webhookSecret == null || webhookSecret.isEmpty() ? "unset" : "redacted")
                    + "]";
        }
    }
}
