package com.poblysh.connectors.processor;

import java.util.function.BiFunction;
import java.util.function.ToIntFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The back-off of a failed record, by {@link FailureClassifier} verdict: fatal records get none (straight to the
 * dead-letter topic), transient failures retry forever at most {@code maxInterval} apart (an outage must not
 * dead-letter good events), unexpected errors retry {@code unexpectedAttempts} times.
 */
class RetryPolicy implements BiFunction<ConsumerRecord<?, ?>, Exception, BackOff> {

    private final FailureClassifier classifier;
    private final BackOff fatal = new FixedBackOff(0, 0);
    private final BackOff transientFailure;
    private final BackOff unexpected;
    private final ProcessorProperties.Retry retry;
    private final ToIntFunction<ConsumerRecord<?, ?>> deadLetterFailures;

    RetryPolicy(FailureClassifier classifier, ProcessorProperties.Retry retry,
                ToIntFunction<ConsumerRecord<?, ?>> deadLetterFailures) {
        this.classifier = classifier;
        this.retry = retry;
        this.deadLetterFailures = deadLetterFailures;
        this.transientFailure = exponential(retry, ExponentialBackOff.DEFAULT_MAX_ATTEMPTS);
        this.unexpected = exponential(retry, retry.unexpectedAttempts());
    }

    @Override
    public BackOff apply(ConsumerRecord<?, ?> record, Exception error) {
        int failures = deadLetterFailures.applyAsInt(record);
        if (failures > 0) {
            double wait = retry.initialInterval().toMillis() * Math.pow(retry.multiplier(), failures - 1);
            return new FixedBackOff((long) Math.min(wait, retry.maxInterval().toMillis()), 1);
        }
        return switch (classifier.classify(error)) {
            case FATAL -> fatal;
            case TRANSIENT -> transientFailure;
            case UNEXPECTED -> unexpected;
        };
    }

    /** The back-off of errors the function is not asked about. */
    BackOff unexpected() {
        return unexpected;
    }

    private static BackOff exponential(ProcessorProperties.Retry retry, long maxAttempts) {
        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setMaxAttempts(maxAttempts);
        return backOff;
    }
}
