package com.poblysh.connectors.ingest.jobs;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import com.poblysh.connectors.schemas.avro.RawEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sync engine for the poll executors' integration tests outside this package: one engine with its own owner,
 * a {@link MutableClock}, the executor under test and a refresher, against the integration context's database and
 * broker; the rows it writes; what it published. Built on the engine's own test bench.
 */
public final class SyncDriver {

    private final SyncBench bench;
    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private SyncEngine engine;

    private SyncDriver(SyncBench bench) {
        this.bench = bench;
    }

    /** A driver on {@code context}'s database and broker; earlier tests' queued GitHub jobs are failed first. */
    public static SyncDriver on(ApplicationContext context) {
        SyncBench bench = new SyncBench(context.getBean(JdbcClient.class),
                context.getBean(PlatformTransactionManager.class), context.getBean(JsonMapper.class),
                context.getBean(RawEventPublisher.class));
        bench.clearLeftovers();
        return new SyncDriver(bench);
    }

    /** The engine's clock, to give the executor and to move; starts at {@link MutableClock#START}. */
    public MutableClock clock() {
        return clock;
    }

    /** Runs {@code executor}'s jobs with {@code refresher}, reading at most {@code maxPagesPerRun} pages a run. */
    public SyncDriver engine(PollExecutor executor, CredentialRefresher refresher, int maxPagesPerRun) {
        engine = bench.engine("driver", executor, clock, SyncBench.properties(maxPagesPerRun), refresher, meters);
        return this;
    }

    /** An active connection of {@code provider} without a token. */
    public UUID connection(UUID tenant, Provider provider) {
        return bench.connection(tenant, provider, "active");
    }

    /** Queues a job due now, as {@code POST /connections/{id}/sync} does. */
    public UUID queue(UUID tenant, UUID connection, Provider provider, SyncType type) {
        return bench.queue(tenant, connection, provider, type, clock.instant());
    }

    /** Runs due jobs until none is left; returns how many runs there were. */
    public int drain() {
        return SyncBench.drain(engine);
    }

    /** Runs one due job (one run, until it ends or hands the job back); false when none was due. */
    public boolean runNext() {
        return engine.runNext();
    }

    /** The job's row: status, attempts, items, cursor and error (JSON text), times. */
    public Map<String, Object> job(UUID id) {
        return bench.job(id);
    }

    /** The job's operation runs, oldest first. */
    public List<Map<String, Object>> runs(UUID id) {
        return bench.runs(id);
    }

    /** Everything on {@code connectors.raw-events} for {@code tenant} up to now. */
    public List<RawEvent> published(UUID tenant) {
        return TenantRawEvents.read(tenant);
    }
}
