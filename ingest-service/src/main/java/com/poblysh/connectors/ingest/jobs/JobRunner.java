package com.poblysh.connectors.ingest.jobs;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.ingest.jobs.JobStore.Ending;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Runs one claimed job page by page: read a page, check the claim still holds the job, publish the page's events,
 * store the page's cursor only once Kafka acknowledged every one of them, go on while the executor says there is
 * more. A page that failed anywhere leaves the cursor where it was, so the next run reads it again (its events keep
 * their ids, so what was published twice is dropped by the processor).
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobStore store;
    private final RawEventPublisher publisher;
    private final Map<Provider, PollExecutor> executors;
    private final Map<Provider, WebhookProvisioner> provisioners;
    private final CredentialRefresher refresher;
    private final Backoff backoff;
    private final SyncJobsProperties properties;
    private final Clock clock;
    private final SyncMetrics metrics;
    private final BooleanSupplier stopping;

    JobRunner(JobStore store, RawEventPublisher publisher, Map<Provider, PollExecutor> executors,
            Map<Provider, WebhookProvisioner> provisioners, CredentialRefresher refresher, Backoff backoff,
            SyncJobsProperties properties, Clock clock, SyncMetrics metrics, BooleanSupplier stopping) {
        this.store = store;
        this.publisher = publisher;
        this.executors = Map.copyOf(executors);
        this.provisioners = Map.copyOf(provisioners);
        this.refresher = refresher;
        this.backoff = backoff;
        this.properties = properties;
        this.clock = clock;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    /** Runs the job until it is done, waits for a retry, or was handed back; returns the run's outcome. */
    String run(ClaimedJob job) {
        long started = System.nanoTime();
        Progress progress = new Progress();
        String outcome = execute(job, progress);
        metrics.run(job, outcome, Duration.ofNanos(System.nanoTime() - started));
        log.debug("Sync run {} of job {} ({} {} of connection {}): {} after {} pages, {} items", job.runId(),
                job.id(), job.provider(), job.type().wireName(), job.connectionId(), outcome, progress.pages,
                progress.items);
        return outcome;
    }

    private String execute(ClaimedJob job, Progress progress) {
        if (!job.connectionActive()) {
            return end(job, Ending.failed(error("connection_inactive", "the connection is no longer active")),
                    progress);
        }
        if (job.attempt() > properties.maxAttempts()) {
            // its earlier runs died with their workers (a crash, an OOM): do not let it take down another one
            return end(job, Ending.failed(error("attempts_exhausted", "gave up after " + (job.attempt() - 1)
                    + " attempts that did not finish")), progress);
        }
        if (!job.type().polls()) {
            return upkeep(job, progress);
        }
        PollExecutor executor = executors.get(job.provider());
        if (executor == null) {
            return end(job, Ending.failed(error("not_polled", job.provider() + " has no poll executor")), progress);
        }
        JsonNode cursor = job.cursor() != null || job.type() == SyncType.FULL ? job.cursor()
                : store.lastCursor(job.tenant(), job.connectionId());
        while (true) {
            if (progress.pages >= properties.maxPagesPerRun() || stopping.getAsBoolean()) {
                return end(job, Ending.yielded(clock.instant()), progress);
            }
            PollPage page;
            try {
                page = executor.poll(new PollContext(job.id(), job.tenant(), job.provider(), job.connectionId(),
                        job.type(), cursor, job.attempt()));
            } catch (PollException e) {
                Optional<Ending> ending = unlessRenewed(job, e, progress, () -> ending(job, e));
                if (ending.isEmpty()) {
                    continue;
                }
                return end(job, ending.get(), progress);
            } catch (RuntimeException e) {
                log.warn("Poll executor of {} failed unexpectedly on job {}", job.provider(), job.id(), e);
                return end(job, retryOrFail(job, "unexpected", e.toString()), progress);
            }
            Optional<String> connection = store.extendLease(job, clock.instant().plus(properties.lease()));
            if (connection.isEmpty()) {
                return abandon(job, progress);
            }
            if (!"active".equals(connection.get())) {
                return end(job, Ending.failed(error("connection_inactive", "the connection became "
                        + connection.get() + " during the sync")), progress);
            }
            try {
                publish(job, page.events());
            } catch (RuntimeException e) {
                return end(job, retryOrFail(job, "publish_failed", "Kafka did not acknowledge every event of the "
                        + "page: " + e.getMessage()), progress);
            }
            JsonNode next = page.nextCursor() != null ? page.nextCursor() : cursor;
            progress.pages++;
            progress.items += page.events().size();
            if (!store.advance(job, next, page.events().size(), progress.pages, progress.items,
                    clock.instant().plus(properties.lease()))) {
                return abandon(job, progress);
            }
            metrics.items(job.provider(), page.events().size());
            cursor = next;
            if (!page.hasMore()) {
                return end(job, Ending.succeeded(), progress);
            }
        }
    }

    /**
     * A {@code provision} or {@code redeliver} run: one call of the provider's {@link WebhookProvisioner}, whose
     * actions go into the run's progress. A refused token is refreshed once; refused again, the job fails without
     * touching the connection's status (a poll decides that).
     */
    private String upkeep(ClaimedJob job, Progress progress) {
        WebhookProvisioner provisioner = provisioners.get(job.provider());
        if (provisioner == null) {
            return end(job, Ending.failed(error("not_provisioned", job.provider() + " has no webhook provisioner")),
                    progress);
        }
        PollContext context = new PollContext(job.id(), job.tenant(), job.provider(), job.connectionId(), job.type(),
                job.cursor(), job.attempt());
        while (true) {
            List<Map<String, Object>> actions;
            try {
                actions = job.type() == SyncType.PROVISION ? provisioner.provision(context)
                        : provisioner.redeliver(context);
            } catch (PollException e) {
                Optional<Ending> ending = unlessRenewed(job, e, progress,
                        () -> e.kind() == PollException.Kind.UNAUTHORIZED
                                ? Ending.failed(error(e.code(), e.getMessage())) : ending(job, e));
                if (ending.isEmpty()) {
                    continue;
                }
                return end(job, ending.get(), progress);
            } catch (RuntimeException e) {
                log.warn("Webhook provisioner of {} failed unexpectedly on job {}", job.provider(), job.id(), e);
                return end(job, retryOrFail(job, "unexpected", e.toString()), progress);
            }
            progress.pages = 1;
            progress.items = actions.size();
            // the job's items (GET /jobs) count its actions, as a poll's count its events
            if (!store.advance(job, job.cursor(), actions.size(), progress.pages, progress.items,
                    clock.instant().plus(properties.lease()))) {
                return abandon(job, progress);
            }
            return store.finish(job, Ending.succeeded(), progress.pages, progress.items, clock.instant(), actions)
                    ? "succeeded" : "lease_lost";
        }
    }

    /**
     * How a run ends after the provider refused a call, or empty when the call should be made again: the first
     * refused token of a run is renewed once; refused again or not renewable, the run ends as {@code otherwise} says.
     */
    private Optional<Ending> unlessRenewed(ClaimedJob job, PollException e, Progress progress,
            Supplier<Ending> otherwise) {
        if (e.kind() == PollException.Kind.UNAUTHORIZED && !progress.renewed) {
            progress.renewed = true;
            try {
                if (refresher.refresh(job.tenant(), job.provider(), job.connectionId())) {
                    return Optional.empty();
                }
            } catch (RuntimeException failure) {
                // the provider did not answer the refresh: the token may well be renewable later
                log.warn("Refreshing the credentials of connection {} failed: {}", job.connectionId(),
                        failure.getMessage());
                return Optional.of(retryOrFail(job, "token_refresh_failed", failure.getMessage()));
            }
        }
        return Optional.of(otherwise.get());
    }

    private Ending ending(ClaimedJob job, PollException e) {
        return switch (e.kind()) {
            case RATE_LIMITED -> {
                Instant now = clock.instant();
                Instant retryAt = e.retryAt().isAfter(now) ? e.retryAt() : now;
                Map<String, Object> error = error(e.code(), e.getMessage());
                error.put("retry_at", retryAt.toString());
                yield Ending.rateLimited(retryAt, error);
            }
            case TRANSIENT -> retryOrFail(job, e.code(), e.getMessage());
            case PERMANENT -> Ending.failed(error(e.code(), e.getMessage()));
            // refused even after a refresh, or not renewable: nothing polls it until it is connected again
            case UNAUTHORIZED -> Ending.connectionFailed(error(e.code(), e.getMessage()));
        };
    }

    /** Another run after the backoff, unless this was the last attempt allowed. */
    private Ending retryOrFail(ClaimedJob job, String code, String message) {
        if (job.attempt() >= properties.maxAttempts()) {
            return Ending.failed(error(code, "gave up after " + job.attempt() + " attempts: " + message));
        }
        return Ending.retry(clock.instant().plus(backoff.delay(job.attempt() - 1)), error(code, message));
    }

    private void publish(ClaimedJob job, List<PolledEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // the schema stores microseconds; truncating keeps the published value equal to this one
        Instant received = clock.instant().truncatedTo(ChronoUnit.MICROS);
        publisher.publishAll(events.stream().map(event -> RawEvent.newBuilder()
                .setEventId(EventIds.eventId(job.provider(), event.deliveryId()))
                .setTenantId(job.tenant().value())
                .setProvider(job.provider().id())
                .setConnectionId(job.connectionId())
                .setSource(EventSource.poll)
                .setEventType(event.eventType())
                .setDeliveryId(event.deliveryId())
                .setReceivedAt(received)
                .setHeaders(Map.of())
                .setPayload(ByteBuffer.wrap(event.payload()))
                .build()).toList());
    }

    private String end(ClaimedJob job, Ending ending, Progress progress) {
        return store.finish(job, ending, progress.pages, progress.items, clock.instant()) ? ending.outcome()
                : "lease_lost";
    }

    private String abandon(ClaimedJob job, Progress progress) {
        log.warn("Sync job {} was taken over by another worker after run {}'s lease expired; run {} stops",
                job.id(), job.runId(), job.runId());
        store.abandon(job, progress.pages, progress.items, clock.instant());
        return "lease_lost";
    }

    private Map<String, Object> error(String code, String message) {
        return JobStore.error(code, message, clock.instant());
    }

    /** Pages and items of this run. */
    private static final class Progress {
        int pages;
        long items;
        /** Whether the run renewed the connection's token already (once per run). */
        boolean renewed;
    }
}
