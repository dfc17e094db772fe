package com.poblysh.connectors.ingest.jobs;

import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/** What the jobs engine's integration tests drive it with: the database, its transactions, JSON, the publisher. */
abstract class JobsEngineTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JsonMapper json;

    @Autowired
    RawEventPublisher publisher;
}
