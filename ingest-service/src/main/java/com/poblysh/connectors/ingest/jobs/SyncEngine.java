package com.poblysh.connectors.ingest.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sync engine of one ingest instance: {@code workers} threads that claim and run due jobs of the providers that
 * have a {@link PollExecutor}, a scheduler tick, and a heartbeat that extends the leases of the jobs running here.
 * Any number of instances share one database; on shutdown a running job is handed back after its current page.
 */
final class SyncEngine implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);

    private final SyncJobsProperties properties;
    private final String owner;
    private final Set<Provider> providers;
    private final List<String> kinds;
    private final Clock clock;
    private final JobStore store;
    private final JobRunner runner;
    private final SyncScheduler scheduler;
    private final Map<UUID, ClaimedJob> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private ScheduledExecutorService workers;
    private ScheduledExecutorService housekeeping;

    SyncEngine(SyncJobsProperties properties, String owner, JdbcClient jdbc, PlatformTransactionManager transactions,
            JsonMapper json, RawEventPublisher publisher, Map<Provider, PollExecutor> executors,
            CredentialRefresher refresher, Clock clock, MeterRegistry meters) {
        this(properties, owner, jdbc, transactions, json, publisher, executors, Map.of(), refresher, clock, meters);
    }

    SyncEngine(SyncJobsProperties properties, String owner, JdbcClient jdbc, PlatformTransactionManager transactions,
            JsonMapper json, RawEventPublisher publisher, Map<Provider, PollExecutor> executors,
            Map<Provider, WebhookProvisioner> provisioners, CredentialRefresher refresher, Clock clock,
            MeterRegistry meters) {
        this.properties = properties;
        this.owner = owner;
        this.providers = Set.copyOf(executors.keySet());
        this.kinds = JobStore.kinds(providers, provisioners.keySet());
        this.clock = clock;
        SyncMetrics metrics = new SyncMetrics(meters);
        this.store = new JobStore(jdbc, transactions, json);
        this.runner = new JobRunner(store, publisher, executors, provisioners, refresher, new Backoff(), properties,
                clock, metrics, () -> stopping);
        this.scheduler = new SyncScheduler(jdbc, transactions, providers, provisioners.values(), properties, metrics);
    }

    /** The provisioners by provider; two for one provider is a wiring mistake. */
    static Map<Provider, WebhookProvisioner> provisionersByProvider(List<WebhookProvisioner> provisioners) {
        Map<Provider, WebhookProvisioner> byProvider = new EnumMap<>(Provider.class);
        for (WebhookProvisioner provisioner : provisioners) {
            if (byProvider.putIfAbsent(provisioner.provider(), provisioner) != null) {
                throw new IllegalStateException("Two webhook provisioners for " + provisioner.provider());
            }
        }
        return byProvider;
    }

    /** The executors by provider; two for one provider is a wiring mistake. */
    static Map<Provider, PollExecutor> byProvider(List<PollExecutor> executors) {
        Map<Provider, PollExecutor> byProvider = new EnumMap<>(Provider.class);
        for (PollExecutor executor : executors) {
            PollExecutor other = byProvider.putIfAbsent(executor.provider(), executor);
            if (other != null) {
                throw new IllegalStateException("Two poll executors for " + executor.provider() + ": "
                        + other.getClass().getName() + " and " + executor.getClass().getName());
            }
        }
        return byProvider;
    }

    /** Who holds the leases this engine takes, e.g. {@code ingest-service@host/3f2a9c1e}. */
    String owner() {
        return owner;
    }

    /** Claims one due job and runs it to its end (done, waiting for a retry, or handed back); false when none was due. */
    boolean runNext() {
        Optional<ClaimedJob> claimed = store.claim(owner, kinds, clock.instant(), properties.lease());
        if (claimed.isEmpty()) {
            return false;
        }
        ClaimedJob job = claimed.get();
        running.put(job.runId(), job);
        try {
            runner.run(job);
        } finally {
            running.remove(job.runId());
        }
        return true;
    }

    /** One scheduler tick; returns how many jobs it queued. */
    int schedule() {
        return scheduler.tick(clock.instant());
    }

    /** Extends the lease of every job running here. */
    void heartbeat() {
        Instant until = clock.instant().plus(properties.lease());
        for (ClaimedJob job : running.values()) {
            store.extendLease(job, until);
        }
    }

    @Override
    public boolean isAutoStartup() {
        return properties.enabled();
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        if (kinds.isEmpty()) {
            log.info("Sync engine {}: no poll executor is registered, so nothing is scheduled or polled", owner);
            return;
        }
        stopping = false;
        long poll = properties.pollInterval().toMillis();
        housekeeping = Executors.newScheduledThreadPool(2, threads("sync-housekeeping"));
        housekeeping.scheduleWithFixedDelay(() -> safely("schedule", this::schedule), 0, poll, TimeUnit.MILLISECONDS);
        long beat = properties.heartbeat().toMillis();
        housekeeping.scheduleWithFixedDelay(() -> safely("heartbeat", this::heartbeat), beat, beat,
                TimeUnit.MILLISECONDS);
        workers = Executors.newScheduledThreadPool(Math.max(1, properties.workers()), threads("sync-worker"));
        for (int i = 0; i < properties.workers(); i++) {
            workers.scheduleWithFixedDelay(this::drain, 0, poll, TimeUnit.MILLISECONDS);
        }
        log.info("Sync engine {} started: {} workers for {}", owner, properties.workers(), kinds);
    }

    /** Runs due jobs until none is left, then the worker waits for the next poll interval. */
    private void drain() {
        safely("run", () -> {
            while (!stopping && runNext()) {
                // next job
            }
        });
    }

    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        stopping = true;
        workers.shutdown();
        try {
            // running jobs hand themselves back after their current page; heartbeats go on meanwhile
            if (!workers.awaitTermination(properties.lease().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Sync workers still busy at shutdown; their jobs are taken over when the lease expires");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        } finally {
            housekeeping.shutdownNow();
            workers = null;
            housekeeping = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return workers != null;
    }

    private void safely(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // the database or Kafka is away: the next tick tries again; a claimed job's lease runs out meanwhile
            log.warn("Sync engine {} could not {}: {}", owner, what, e.toString());
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
