package com.poblysh.connectors.processor;

import static com.poblysh.connectors.processor.TestPipeline.WAIT;
import static com.poblysh.connectors.processor.TestPipeline.githubEvent;
import static com.poblysh.connectors.processor.TestPipeline.issueOpened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.processor.enrich.Enricher;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An error that is neither an outage nor a bad record (a bug, here in a GitHub enricher the test adds) is retried a
 * few times, then dead-lettered so its partition moves on.
 */
@ProcessorIntegrationTest
@Import(UnexpectedFailureIntegrationTests.BuggyEnricher.class)
class UnexpectedFailureIntegrationTests {

    private static final String BUG = "Triggers the bug";

    @RegisterExtension
    static final TestPipeline pipeline = new TestPipeline();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AtomicInteger buggyCalls;

    @Test
    void unexpectedErrorIsRetriedAFewTimesThenDeadLetteredAndLoggedWithItsStackTrace() {
        UUID tenant = UUID.randomUUID();
        List<ILoggingEvent> logged;
        try (CapturedLogs logs = CapturedLogs.start()) {
            RecordMetadata refused = pipeline.send(githubEvent(tenant, "issues", UUID.randomUUID().toString(),
                    issueOpened(BUG, Instant.now())));

            var dead = await().atMost(WAIT)
                    .until(() -> pipeline.deadLetters(tenant.toString()), found -> !found.isEmpty());
            assertThat(new String(dead.get(0).headers().lastHeader("kafka_dlt-exception-message").value(),
                    StandardCharsets.UTF_8)).contains("simulated bug");
            // Decoding names the failed record, so it alone is retried: 1 delivery + 3 retries.
            assertThat(buggyCalls.get()).isEqualTo(4);
            assertThat(signalCount(tenant)).isZero();

            // A later event of the tenant is stored once the refused one is handled, and logged.
            pipeline.send(githubEvent(tenant, "issues", UUID.randomUUID().toString(),
                    issueOpened("Marker", Instant.now())));
            await().atMost(WAIT).until(() -> signalCount(tenant) == 1);
            String at = refused.topic() + "-" + refused.partition() + "@" + refused.offset();
            logged = logs.ofProcessorAndSpringKafka().stream()
                    .filter(e -> e.getFormattedMessage().contains(at)).toList();
        }

        // Likely a bug, so unlike a poison record its trace is kept: once, when it is dead-lettered.
        assertThat(logged).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement().satisfies(error -> {
            assertThat(error.getFormattedMessage()).contains("provider github", "tenant " + tenant, "simulated bug");
            assertThat(causes(error.getThrowableProxy())).anySatisfy(
                    cause -> assertThat(cause.getMessage()).contains("simulated bug"));
        });
        // Each failed attempt before it is one line.
        assertThat(logged).filteredOn(e -> e.getLevel() == Level.WARN).isNotEmpty()
                .allSatisfy(warn -> assertThat(warn.getThrowableProxy()).isNull());
    }

    private static List<IThrowableProxy> causes(IThrowableProxy trace) {
        List<IThrowableProxy> causes = new ArrayList<>();
        for (IThrowableProxy t = trace; t != null; t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }

    private int signalCount(UUID tenant) {
        return jdbc.sql("SELECT count(*) FROM signals WHERE tenant_id = ?").param(tenant).query(Integer.class).single();
    }

    /** Breaks its own contract ("never throws") for one title: the kind of bug the policy must survive. */
    @TestConfiguration(proxyBeanMethods = false)
    static class BuggyEnricher {

        @Bean
        AtomicInteger buggyCalls() {
            return new AtomicInteger();
        }

        @Bean
        Enricher buggyGitHubEnricher(AtomicInteger buggyCalls) {
            return new Enricher() {
                @Override
                public Provider provider() {
                    return Provider.GITHUB;
                }

                @Override
                public JsonNode enrich(RawEvent event, JsonNode payload) {
                    if (BUG.equals(payload.at("/issue/title").asString(""))) {
                        buggyCalls.incrementAndGet();
                        throw new IllegalStateException("simulated bug");
                    }
                    return payload;
                }
            };
        }
    }
}
