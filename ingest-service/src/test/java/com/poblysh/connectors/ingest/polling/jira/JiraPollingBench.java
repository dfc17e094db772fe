package com.poblysh.connectors.ingest.polling.jira;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.jobs.MutableClock;
import com.poblysh.connectors.ingest.jobs.SyncDriver;
import com.poblysh.connectors.testkit.jira.FakeJiraApi;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backfill throughput of the Jira executor against {@link FakeJiraApi}, through the real engine, broker and
 * database, at the default page size (50): items published per second. Not part of the suite (the name does not end
 * in Tests); run it with
 * {@code ./mvnw -B -o -pl ingest-service -am verify -Dtest='*PollingBench' -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.items=N}, default 3000).
 */
@IngestIntegrationTest
class JiraPollingBench {

    @Autowired
    ApplicationContext context;

    @Test
    void backfill() {
        int items = Integer.getInteger("bench.items", 3000);
        SyncDriver engine = SyncDriver.on(context, Provider.JIRA);
        MutableClock clock = engine.clock();
        try (FakeJiraApi jira = FakeJiraApi.start(clock)) {
            FakeJiraApi.Site site = jira.site("bench", ZoneId.of("Europe/Berlin"));
            Instant t = MutableClock.START.minus(Duration.ofDays(30));
            for (int i = 0; i < items; i++) {
                site.createIssue("B-" + i, "Issue " + i, "Mia", t.plusSeconds(i));
            }
            String token = "bench-" + UUID.randomUUID();
            jira.grant(token, site);
            JiraPollExecutor executor = new JiraPollExecutor(new JiraPollingProperties(URI.create(jira.baseUrl()),
                    50, Duration.ofMinutes(5), Duration.ofSeconds(10)), context.getBean(AccessTokens.class), clock,
                    new SimpleMeterRegistry(), context.getBean(JsonMapper.class));
            engine.benchBackfill(Provider.JIRA, token, executor, items, () -> jira.requests(token).size());
        }
    }
}
