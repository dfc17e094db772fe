package com.poblysh.connectors.ingest.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;

import com.poblysh.connectors.ingest.IngestApplication;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the sync engine to the {@link PollExecutor} beans there are (none is fine: then nothing is polled) and to the
 * {@link CredentialRefresher} of {@code ingest.tokens}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SyncJobsProperties.class)
class SyncJobsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SyncEngine syncEngine(SyncJobsProperties properties, JdbcClient jdbc, PlatformTransactionManager transactions,
            JsonMapper json, RawEventPublisher publisher, ObjectProvider<PollExecutor> executors,
            ObjectProvider<WebhookProvisioner> provisioners, CredentialRefresher refresher, Clock clock,
            MeterRegistry meters) {
        return new SyncEngine(properties, owner(), jdbc, transactions, json, publisher,
                SyncEngine.byProvider(executors.orderedStream().toList()),
                SyncEngine.provisionersByProvider(provisioners.orderedStream().toList()), refresher, clock, meters);
    }

    /** Unique per process, readable by an operator: {@code ingest-service@<host>/<random>}. */
    static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return IngestApplication.NAME + "@" + host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
