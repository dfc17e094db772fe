package com.poblysh.connectors.processor;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the signal-processor ({@code poblysh.processor.*}, mapped from {@code POBLYSH_PROCESSOR_*} and
 * {@code POBLYSH_SIGNAL_PARTITIONS_*} in {@code signal-processor.yml}).
 *
 * @param retry      back-off of failed records
 * @param partitions upkeep of the monthly {@code signals} partitions
 */
@Validated
@ConfigurationProperties("poblysh.processor")
record ProcessorProperties(@Valid @NotNull Retry retry, @Valid @NotNull Partitions partitions) {

    /**
     * Exponential back-off between attempts. Transient failures (database or registry unreachable) retry forever at
     * most {@code maxInterval} apart; unexpected errors retry {@code unexpectedAttempts} times, then dead-letter.
     *
     * @param initialInterval    first pause ({@code POBLYSH_PROCESSOR_RETRY_INITIAL_INTERVAL}, default 500ms)
     * @param multiplier         growth per attempt
     * @param maxInterval        cap of one pause ({@code POBLYSH_PROCESSOR_RETRY_MAX_INTERVAL}, default 30s); the
     *                           consumer thread sleeps it, so it must stay well under {@code max.poll.interval.ms}
     * @param unexpectedAttempts retries of an unexpected error before dead-lettering
     *                           ({@code POBLYSH_PROCESSOR_UNEXPECTED_RETRIES}, default 3)
     */
    record Retry(@NotNull Duration initialInterval, @DecimalMin("1.0") double multiplier,
                 @NotNull Duration maxInterval, @Min(0) int unexpectedAttempts) {

        Retry {
            if (maxInterval != null && maxInterval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("poblysh.processor.retry.max-interval must be at most 1 minute "
                        + "(the consumer sleeps it between polls), got " + maxInterval);
            }
        }
    }

    /**
     * @param monthsAhead monthly partitions kept ready from the current month on
     *                    ({@code POBLYSH_SIGNAL_PARTITIONS_AHEAD}, default 3)
     * @param cron        when the daily upkeep runs ({@code POBLYSH_SIGNAL_PARTITIONS_CRON}, Spring cron)
     */
    record Partitions(@Min(1) int monthsAhead, @NotBlank String cron) {
    }
}
