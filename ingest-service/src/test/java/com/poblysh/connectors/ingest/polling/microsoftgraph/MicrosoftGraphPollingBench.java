package com.poblysh.connectors.ingest.polling.microsoftgraph;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.jobs.MutableClock;
import com.poblysh.connectors.ingest.jobs.SyncDriver;
import com.poblysh.connectors.testkit.microsoftgraph.FakeMicrosoftGraphApi;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backfill throughput of the Graph executor against {@link FakeMicrosoftGraphApi} (a mailbox of messages), through
 * the real engine, broker and database, at the default page size (50): items published per second. Not part of the
 * suite; run it with
 * {@code ./mvnw -B -o -pl ingest-service -am verify -Dtest='*PollingBench' -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.items=N}, default 3000).
 */
@IngestIntegrationTest
class MicrosoftGraphPollingBench {

    @Autowired
    ApplicationContext context;

    @Test
    void backfill() {
        int items = Integer.getInteger("bench.items", 3000);
        SyncDriver engine = SyncDriver.on(context, Provider.MICROSOFT_GRAPH);
        MutableClock clock = engine.clock();
        try (FakeMicrosoftGraphApi graph = FakeMicrosoftGraphApi.start(clock)) {
            String token = "bench-" + UUID.randomUUID();
            FakeMicrosoftGraphApi.Mailbox mailbox = graph.mailbox(token);
            Instant t = MutableClock.START.minus(Duration.ofDays(3));
            for (int i = 0; i < items; i++) {
                mailbox.deliver("Mail " + i, "adele@contoso.com", t.plusSeconds(i));
            }
            MicrosoftGraphPollExecutor executor = new MicrosoftGraphPollExecutor(new MicrosoftGraphPollingProperties(
                    URI.create(graph.baseUrl()), 50, "inbox", Duration.ofDays(30), Duration.ofDays(365),
                    Duration.ofDays(7), Duration.ofSeconds(10)), context.getBean(AccessTokens.class), clock,
                    new SimpleMeterRegistry(), context.getBean(JsonMapper.class));
            engine.benchBackfill(Provider.MICROSOFT_GRAPH, token, executor, items, () -> graph.requests(token).size());
        }
    }
}
