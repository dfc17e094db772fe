package com.poblysh.connectors.processor;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** Every log event of the JVM while open, as Logback hands it to the root logger's appenders. */
final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs() {
        appender.start();
        root.addAppender(appender);
    }

    static CapturedLogs start() {
        return new CapturedLogs();
    }

    /** The events so far, from the service's own loggers and spring-kafka's (the broker's are not ours to judge). */
    List<ILoggingEvent> ofProcessorAndSpringKafka() {
        // Consumer threads append while the test reads; Logback appends under the appender's lock.
        synchronized (appender) {
            return appender.list.stream()
                    .filter(e -> e.getLoggerName().startsWith("com.poblysh.")
                            || e.getLoggerName().startsWith("org.springframework.kafka."))
                    .toList();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
