package com.poblysh.connectors.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import com.poblysh.connectors.processor.normalize.InvalidPayloadException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

class RetryPolicyTests {

    private static final ConsumerRecord<String, byte[]> RECORD =
            new ConsumerRecord<>("connectors.raw-events", 0, 42L, "tenant", new byte[0]);

    private int deadLetterFailures;
    private final RetryPolicy policy = new RetryPolicy(new FailureClassifier(),
            new ProcessorProperties.Retry(Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), 3),
            record -> record == RECORD ? deadLetterFailures : 0);

    @Test
    void fatalRecordsGoStraightToTheDeadLetterTopic() {
        BackOffExecution execution = backOff(new InvalidPayloadException("payload lacks object /issue")).start();

        assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }

    @Test
    void databaseOutageIsRetriedWithoutEndAtMostMaxIntervalApart() {
        BackOffExecution execution = backOff(new CannotGetJdbcConnectionException("down",
                new SQLTransientConnectionException("pool timed out"))).start();

        assertThat(execution.nextBackOff()).isEqualTo(500);
        assertThat(execution.nextBackOff()).isEqualTo(1000);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            assertThat(execution.nextBackOff()).isBetween(1L, 30_000L);
        }
    }

    @Test
    void unexpectedErrorsAreRetriedAFewTimesThenDeadLettered() {
        BackOffExecution execution = backOff(new IllegalStateException("bug")).start();

        assertThat(execution.nextBackOff()).isEqualTo(500);
        assertThat(execution.nextBackOff()).isEqualTo(1000);
        assertThat(execution.nextBackOff()).isEqualTo(2000);
        assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }

    @Test
    void aRecordWhoseDeadLetteringFailedWaitsLongerBeforeEachTryUpToMaxInterval() {
        long[] waits = new long[8];
        for (int failures = 1; failures <= waits.length; failures++) {
            deadLetterFailures = failures;
            BackOffExecution execution = backOff(new InvalidPayloadException("payload lacks object /issue")).start();
            waits[failures - 1] = execution.nextBackOff();
            assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
        }

        assertThat(waits).containsExactly(500, 1000, 2000, 4000, 8000, 16000, 30000, 30000);
    }

    private BackOff backOff(Throwable cause) {
        return policy.apply(RECORD, new ListenerExecutionFailedException("Listener failed",
                new BatchListenerFailedException("record 0 failed", cause, 0)));
    }
}
