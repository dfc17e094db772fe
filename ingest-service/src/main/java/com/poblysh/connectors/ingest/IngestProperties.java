package com.poblysh.connectors.ingest;

import java.time.Duration;

import com.poblysh.connectors.common.kafka.KafkaPipelineProperties;
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
 * @param sendTimeout  how long a webhook waits for Kafka in all (metadata, buffer space, the registry client,
 *                     the acknowledgement) before answering 503 ({@code POBLYSH_INGEST_SEND_TIMEOUT}, default 2s:
 *                     Slack and Microsoft Graph give a delivery 3 s, GitHub 10 s, so the 503 must reach them first)
 * @param secretCacheTtl how long the webhook secrets read from {@code connections} are reused
 *                       ({@code POBLYSH_INGEST_SECRET_CACHE_TTL}, default 30s); also how long a revoked connection's
 *                       secret may still verify. Provider settings live in each provider's package.
 */
@Validated
@ConfigurationProperties("poblysh.ingest")
public record IngestProperties(
        @NotNull @DefaultValue("1MB") DataSize maxBodyBytes,
        @NotNull @DefaultValue("2s") Duration sendTimeout,
        @NotNull @DefaultValue("30s") Duration secretCacheTtl) {

    /** Bodies are held in one byte array and one Kafka record, so the limit stays well below what either allows. */
    static final DataSize LARGEST_ALLOWED_BODY = DataSize.ofBytes(KafkaPipelineProperties.LARGEST_WEBHOOK_BODY_BYTES);
    /** A revoked connection's secret must stop verifying soon. */
    static final Duration MAX_SECRET_TTL = Duration.ofMinutes(10);

    public IngestProperties {
        if (maxBodyBytes != null && (maxBodyBytes.toBytes() < 1
                || maxBodyBytes.compareTo(LARGEST_ALLOWED_BODY) > 0)) {
            throw new IllegalArgumentException("poblysh.ingest.max-body-bytes must be between 1 byte and "
                    + LARGEST_ALLOWED_BODY + ", got " + maxBodyBytes);
        }
        if (sendTimeout != null && (sendTimeout.isZero() || sendTimeout.isNegative())) {
            throw new IllegalArgumentException("poblysh.ingest.send-timeout must be positive, got " + sendTimeout);
        }
        if (secretCacheTtl != null && (secretCacheTtl.isNegative() || secretCacheTtl.compareTo(MAX_SECRET_TTL) > 0)) {
            throw new IllegalArgumentException("poblysh.ingest.secret-cache-ttl must be between 0 and "
                    + MAX_SECRET_TTL + ", got " + secretCacheTtl);
        }
    }
}
