package com.poblysh.connectors.processor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * The listener error policy, declared once: {@link RetryPolicy} picks the back-off per failure, and records
 * that run out of attempts go to {@code connectors.raw-events.dlt} (value bytes as consumed, reason in the
 * {@code kafka_dlt-*} headers) and are logged once by {@link DeadLetterRecoverer}. Boot applies the
 * {@link DefaultErrorHandler} bean to the listener container.
 */
@Configuration(proxyBeanMethods = false)
class ErrorPolicyConfiguration {

    /** Longest reason header: a reason is one line, but a provider's error text can be long. */
    static final int MAX_MESSAGE_HEADER_CHARS = 2048;
    /** Longest stack trace header: its first frames tell what failed; the rest only costs room on the topic. */
    static final int MAX_TRACE_HEADER_CHARS = 8192;

    @Bean
    DeadLetterPublishingRecoverer deadLetterPublishingRecoverer(KafkaOperations<?, ?> kafka,
                                                                 FailureClassifier classifier) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterRecoverer(kafka, classifier);
        recoverer.setExceptionHeadersCreator((headers, e, isKey, names) -> exceptionHeaders(headers, e, names,
                classifier));
        return recoverer;
    }

    @Bean
    DefaultErrorHandler errorHandler(DeadLetterPublishingRecoverer recoverer, FailureClassifier classifier,
                                     ProcessorProperties properties) {
        RetryPolicy policy = new RetryPolicy(classifier, properties.retry(),
                ((DeadLetterRecoverer) recoverer)::failedAttempts);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, policy.unexpected());
        // The classifier alone decides: drop spring-kafka's own list of not-retryable exceptions.
        handler.setClassifications(Map.of(), true);
        handler.setBackOffFunction(policy);
        // After a record of a batch is dead-lettered, the handler throws "Seek to current after exception" so the
        // container polls the rest again, and the container logs that at this level with the whole trace (ERROR by
        // default). It is control flow, not news: the recoverer has logged the record once, as it deserves.
        handler.setLogLevel(KafkaException.Level.DEBUG);
        return handler;
    }

    /**
     * Spring's standard exception headers, but describing the error that matters rather than the listener's
     * wrapper, so {@code kafka_dlt-exception-message} reads e.g. "SerializationException: Unknown magic byte".
     */
    private static void exceptionHeaders(Headers headers, Exception e, HeaderNames names,
                                         FailureClassifier classifier) {
        HeaderNames.ExceptionInfo info = names.getExceptionInfo();
        Throwable culprit = classifier.culprit(e);
        replace(headers, info.getExceptionFqcn(), culprit.getClass().getName());
        if (culprit.getCause() != null) {
            replace(headers, info.getExceptionCauseFqcn(), culprit.getCause().getClass().getName());
        } else {
            headers.remove(info.getExceptionCauseFqcn());
        }
        replace(headers, info.getExceptionMessage(), trimmed(classifier.reason(e), MAX_MESSAGE_HEADER_CHARS));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace, true));
        replace(headers, info.getExceptionStacktrace(), trimmed(trace.toString(), MAX_TRACE_HEADER_CHARS));
    }

    /** Headers are small, whatever the error: a dead letter must always fit its topic (see KafkaConfiguration). */
    static String trimmed(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars - 1) + "…";
    }

    // A redriven record carries the headers of its previous failure; keep only the latest.
    private static void replace(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
