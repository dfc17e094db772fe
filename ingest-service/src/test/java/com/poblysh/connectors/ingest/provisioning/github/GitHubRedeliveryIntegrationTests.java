package com.poblysh.connectors.ingest.provisioning.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.RawEventsTopic;
import com.poblysh.connectors.ingest.connections.WebhookConnections;
import com.poblysh.connectors.ingest.jobs.SyncType;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.github.FakeGitHubApi;
import com.poblysh.connectors.testkit.github.GitHubAccount;
import com.poblysh.connectors.testkit.github.GitHubHook;
import com.poblysh.connectors.testkit.github.GitHubRepository;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The redelivery sweeper: GitHub never retries a delivery, so one this service answered 503 while it could not
 * publish (Kafka did not acknowledge) is redelivered by the next sweep after recovery and becomes exactly one raw
 * event, and a later sweep asks for nothing more. The outage is the publisher failing as it does when Kafka does not
 * acknowledge in time (a spy: the shared broker must stay up for the other tests), so this class has a context of
 * its own.
 */
@IngestIntegrationTest
class GitHubRedeliveryIntegrationTests {

    static FakeGitHubApi github;

    @LocalServerPort
    int port;
    @MockitoSpyBean
    RawEventPublisher publisher;
    @Autowired
    AccessTokens tokens;
    @Autowired
    WebhookConnections connections;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SecretCipher cipher;
    @Autowired
    JsonMapper json;

    @BeforeAll
    static void startGitHub() {
        github = FakeGitHubApi.start();
    }

    @AfterAll
    static void stopGitHub() {
        github.close();
    }

    @Test
    void aDeliveryAnswered503DuringAnOutageIsRedeliveredOnceAfterRecoveryAndBecomesOneEvent() throws Exception {
        GitHubHooks hooks = new GitHubHooks(github, port, tokens, connections, jdbc, cipher, json);
        UUID tenant = UUID.randomUUID();
        GitHubAccount account = github.account("sweep-" + tenant.toString().substring(0, 8));
        GitHubRepository repo = account.repository("swept");
        UUID connection = hooks.connection(tenant, account.token());
        hooks.provisioner.provision(GitHubHooks.context(tenant, connection, SyncType.PROVISION));
        GitHubHook hook = repo.hooks().get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.deliveries().stream()
                .anyMatch(d -> d.event().equals("ping") && d.statusCode() == 202));
        repo.openIssue("Opened while Kafka was away");

        ApiException unavailable = new ApiException(ProblemCode.SERVICE_UNAVAILABLE,
                "the event could not be stored; retry later", Map.of(), 5L);
        doThrow(unavailable).when(publisher).publish(any());
        doThrow(unavailable).when(publisher).publishAll(any());
        GitHubHook.Delivery lost = repo.deliverIssueOpened(1).get(0);
        assertThat(lost.statusCode()).isEqualTo(503);
        reset(publisher);

        List<Map<String, Object>> redelivered = hooks.provisioner.redeliver(GitHubHooks.context(tenant, connection,
                SyncType.REDELIVER));

        assertThat(redelivered).singleElement().satisfies(a -> assertThat(a).containsEntry("action", "redelivered")
                .containsEntry("delivery_guid", lost.guid()).containsEntry("status_code", 503));
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.deliveries().stream()
                .anyMatch(d -> d.redelivery() && d.guid().equals(lost.guid()) && d.statusCode() == 202));
        // the window the first sweep looked at is done: nothing is redelivered twice
        assertThat(hooks.provisioner.redeliver(GitHubHooks.context(tenant, connection, SyncType.REDELIVER)))
                .isEmpty();
        // a marker after it: by then everything of the tenant before it is on the topic
        repo.openIssue("Marker");
        GitHubHook.Delivery marker = repo.deliverIssueOpened(2).get(0);
        try (RawEventsTopic topic = new RawEventsTopic(tenant)) {
            List<ConsumerRecord<String, RawEvent>> records = topic.awaitRecords(r -> r.stream()
                    .anyMatch(e -> marker.guid().equals(e.value().getDeliveryId())));
            assertThat(records).filteredOn(r -> lost.guid().equals(r.value().getDeliveryId())).singleElement()
                    .satisfies(r -> assertThat(r.value().getConnectionId()).isEqualTo(connection));
        }
    }

    @Test
    void aSweepRedeliversAtMostItsBudgetAndTheRestInTheNextOne() throws Exception {
        GitHubHooks hooks = new GitHubHooks(github, port, tokens, connections, jdbc, cipher, json);
        UUID tenant = UUID.randomUUID();
        GitHubAccount account = github.account("budget-" + tenant.toString().substring(0, 8));
        GitHubRepository repo = account.repository("swept");
        UUID connection = hooks.connection(tenant, account.token());
        hooks.provisioner.provision(GitHubHooks.context(tenant, connection, SyncType.PROVISION));
        GitHubHook hook = repo.hooks().get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !hook.deliveries().isEmpty());
        repo.openIssue("One");
        ApiException unavailable = new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "retry later", Map.of(), 5L);
        doThrow(unavailable).when(publisher).publish(any());
        for (int i = 0; i < 3; i++) {
            github.advance(Duration.ofSeconds(1));
            assertThat(repo.deliverIssueOpened(1).get(0).statusCode()).isEqualTo(503);
        }
        reset(publisher);
        GitHubHooks small = new GitHubHooks(github, port, tokens, connections, jdbc, cipher, json, 2);

        assertThat(small.provisioner.redeliver(GitHubHooks.context(tenant, connection, SyncType.REDELIVER)))
                .hasSize(2);
        assertThat(small.provisioner.redeliver(GitHubHooks.context(tenant, connection, SyncType.REDELIVER)))
                .hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.deliveries().stream()
                .filter(GitHubHook.Delivery::redelivery).filter(d -> d.statusCode() == 202).count() == 3);
        assertThat(small.provisioner.redeliver(GitHubHooks.context(tenant, connection, SyncType.REDELIVER)))
                .isEmpty();
    }
}
