package com.poblysh.connectors.ingest.kafka;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.poblysh.connectors.schemas.SchemaRegistryClient;
import com.poblysh.connectors.schemas.SchemaRegistryException;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Registers the raw event's schema under {@code connectors.raw-events-value} while the service starts, before the
 * web server takes a webhook, so the first {@code send()} finds its id in the client's cache instead of calling the
 * registry inside a webhook's few seconds. A registry that is away at start-up does not stop the service: it is
 * tried again every {@value #RETRY_SECONDS} s in the background until it answers (until then a send registers
 * itself, bounded by the client's timeout).
 */
final class RawEventSchemaRegistration implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RawEventSchemaRegistration.class);
    static final long RETRY_SECONDS = 2;

    private final SchemaRegistryClient registry;
    private volatile ScheduledExecutorService retries;
    private volatile Integer id;

    RawEventSchemaRegistration(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void afterPropertiesSet() {
        if (!tryRegister()) {
            retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "raw-event-schema-registration");
                thread.setDaemon(true);
                return thread;
            });
            retries.scheduleWithFixedDelay(() -> {
                if (tryRegister()) {
                    retries.shutdown();
                }
            }, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The schema id, once registered; null before. */
    Integer id() {
        return id;
    }

    private boolean tryRegister() {
        String subject = Topics.RAW_EVENTS.valueSubject();
        try {
            id = registry.register(subject, RawEvent.getClassSchema());
            log.info("Raw event schema registered under {} with id {}", subject, id);
            return true;
        } catch (SchemaRegistryException | IllegalStateException e) {
            log.warn("Cannot register the raw event schema under {} yet (retrying every {} s): {}", subject,
                    RETRY_SECONDS, e.toString());
            return false;
        }
    }

    @Override
    public void destroy() {
        ScheduledExecutorService running = retries;
        if (running != null) {
            running.shutdownNow();
        }
    }
}
