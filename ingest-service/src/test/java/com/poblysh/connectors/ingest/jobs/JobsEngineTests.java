package com.poblysh.connectors.ingest.jobs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the jobs engine's integration tests drive it with: the database, its transactions, JSON, the publisher; a
 * fresh bench (earlier tests' queued jobs failed), clock, meters and tenant per test, and a fake GitHub of
 * {@value #PAGE}-item pages.
 */
abstract class JobsEngineTests {

    static final int PAGE = 4;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JsonMapper json;

    @Autowired
    RawEventPublisher publisher;

    SyncBench bench;
    MutableClock clock;
    SimpleMeterRegistry meters;
    FakeProvider github;
    UUID tenant;

    @BeforeEach
    void aBenchAndATenant() {
        bench = new SyncBench(jdbc, transactions, json, publisher);
        bench.clearLeftovers();
        clock = new MutableClock();
        meters = new SimpleMeterRegistry();
        github = new FakeProvider(Provider.GITHUB, PAGE);
        tenant = UUID.randomUUID();
    }

    /** An engine named {@code name} running the fake GitHub's jobs with {@code refresher}. */
    SyncEngine engine(String name, CredentialRefresher refresher) {
        return bench.engine(name, github, clock, SyncBench.PROPERTIES, refresher, meters);
    }

    /** Queues a job of the tenant's GitHub {@code connection}, due now. */
    UUID queue(UUID connection, SyncType type) {
        return bench.queue(tenant, connection, Provider.GITHUB, type, clock.instant());
    }

    static Instant instant(Object timestamp) {
        return ((Timestamp) timestamp).toInstant();
    }
}
