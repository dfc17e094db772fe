package com.poblysh.connectors.common.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.testsupport.FakeTokenEndpoints;
import com.poblysh.connectors.testsupport.FakeTokenEndpoints.Issue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Token refresh on the real schema against fakes of the providers' token endpoints, with two "instances" (two
 * refreshers with their own connection pools) sharing one database: single-flight across threads and instances,
 * rotation, answers without a refresh token, rejection, outages, and each provider's dialect.
 */
class TokenRefresherIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    FakeTokenEndpoints fake;
    TokenInstance a;
    TokenInstance b;
    TenantId tenant;

    @BeforeEach
    void twoInstances() {
        fake = new FakeTokenEndpoints();
        a = new TokenInstance(fake, Clock.systemUTC());
        b = new TokenInstance(fake, Clock.systemUTC());
        tenant = TenantId.of(UUID.randomUUID());
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        fake.close();
    }

    @Test
    void fiftyConcurrentCallersOnTwoInstancesFindingTheTokenExpiredMakeOneTokenRequest() throws Exception {
        UUID connection = a.connection(tenant, Provider.GITHUB, "ghu_expired", "ghr_one", minutesFromNow(-5));
        fake.accept(Provider.GITHUB, "ghr_one", Issue.rotating("ghu_renewed", "ghr_two"))
                .delay(Duration.ofMillis(300));
        ExecutorService threads = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Optional<String>>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                JdbcAccessTokens instance = (i % 2 == 0 ? a : b).tokens;
                calls.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return instance.accessToken(tenant, connection, Provider.GITHUB);
                }, threads));
            }
            start.countDown();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(fake.requests(Provider.GITHUB)).hasSize(1);
        assertThat(calls).allSatisfy(call -> assertThat(call.join()).contains("ghu_renewed"));
        assertThat(a.row(connection)).containsEntry("access_token", "ghu_renewed")
                .containsEntry("refresh_token", "ghr_two").containsEntry("status", "active");
        assertThat(count(a, "renewed") + count(b, "renewed")).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentRefusalsOnTwoInstancesMakeOneTokenRequest() throws Exception {
        UUID connection = a.connection(tenant, Provider.JIRA, "jira_refused", "jira_r1", minutesFromNow(50));
        fake.accept(Provider.JIRA, "jira_r1", Issue.rotating("jira_a2", "jira_r2")).delay(Duration.ofMillis(300));
        assertThat(a.tokens.accessToken(tenant, connection, Provider.JIRA)).contains("jira_refused");
        assertThat(b.tokens.accessToken(tenant, connection, Provider.JIRA)).contains("jira_refused");
        ExecutorService threads = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                JdbcAccessTokens instance = (i % 2 == 0 ? a : b).tokens;
                calls.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return instance.renewRefused(tenant, connection, Provider.JIRA);
                }, threads));
            }
            start.countDown();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(fake.requests(Provider.JIRA)).hasSize(1);
        assertThat(calls).allSatisfy(call -> assertThat(call.join()).isTrue());
        assertThat(a.tokens.accessToken(tenant, connection, Provider.JIRA)).contains("jira_a2");
        assertThat(b.tokens.accessToken(tenant, connection, Provider.JIRA)).contains("jira_a2");
    }

    @Test
    void aRotatedRefreshTokenIsStoredWithTheAccessTokenAndPresentedNextTime() {
        UUID connection = a.connection(tenant, Provider.JIRA, "jira_a1", "jira_r1", minutesFromNow(-1));
        fake.accept(Provider.JIRA, "jira_r1", Issue.rotating("jira_a2", "jira_r2"))
                .accept(Provider.JIRA, "jira_r2", Issue.rotating("jira_a3", "jira_r3"));
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        TokenRefresher.Outcome first = a.refresher.renewExpiring(tenant, connection, Provider.JIRA, Instant.now());

        assertThat(first.result()).isEqualTo(TokenRefresher.Result.RENEWED);
        Map<String, Object> stored = a.row(connection);
        assertThat(stored).containsEntry("access_token", "jira_a2").containsEntry("refresh_token", "jira_r2");
        assertThat((Instant) stored.get("expires_at"))
                .isBetween(before.plusSeconds(3600), Instant.now().plusSeconds(3601));

        b.expire(connection, minutesFromNow(-1));
        assertThat(b.tokens.accessToken(tenant, connection, Provider.JIRA)).contains("jira_a3");

        assertThat(fake.requests(Provider.JIRA)).extracting(FakeTokenEndpoints.Request::refreshToken)
                .containsExactly("jira_r1", "jira_r2");
        assertThat(b.row(connection)).containsEntry("refresh_token", "jira_r3");
    }

    @Test
    void anAnswerWithoutARefreshTokenKeepsTheStoredOne() {
        UUID connection = a.connection(tenant, Provider.MICROSOFT_GRAPH, "ms_a1", "ms_r1", minutesFromNow(-1));
        fake.accept(Provider.MICROSOFT_GRAPH, "ms_r1", Issue.keeping("ms_a2"));

        assertThat(a.tokens.accessToken(tenant, connection, Provider.MICROSOFT_GRAPH)).contains("ms_a2");

        assertThat(a.row(connection)).containsEntry("access_token", "ms_a2").containsEntry("refresh_token", "ms_r1");
        b.expire(connection, minutesFromNow(-1));
        assertThat(b.refresher.renewExpiring(tenant, connection, Provider.MICROSOFT_GRAPH, Instant.now()).result())
                .isEqualTo(TokenRefresher.Result.RENEWED);
        assertThat(fake.requests(Provider.MICROSOFT_GRAPH)).extracting(FakeTokenEndpoints.Request::refreshToken)
                .containsExactly("ms_r1", "ms_r1");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aRejectedRefreshTokenPutsTheConnectionInErrorWithTheReasonAndIsNeverPresentedAgain(Provider provider) {
        UUID connection = a.connection(tenant, provider, "access-dead", "refresh-dead-" + provider.id(),
                minutesFromNow(-1));

        assertThat(a.tokens.accessToken(tenant, connection, provider)).isEmpty();

        Map<String, Object> row = a.row(connection);
        assertThat(row).containsEntry("status", "error");
        JsonNode error = JSON.readTree((String) row.get("last_error"));
        assertThat(error.propertyNames()).containsExactlyInAnyOrder("code", "message", "at");
        assertThat(error.get("code").asString()).isEqualTo("invalid_grant");
        assertThat(error.get("message").asString()).contains(provider.id(), expectedProviderError(provider))
                .contains("connect the account again").doesNotContain("refresh-dead");
        assertThat(Instant.parse(error.get("at").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(a.jdbc.sql("SELECT actor, action, details->>'provider_error' FROM audit_log WHERE target_id = ?")
                .param(connection.toString()).query((rs, n) -> List.of(rs.getString(1), rs.getString(2),
                        rs.getString(3))).single())
                .containsExactly(TokenRefresher.ACTOR, "connection.error", expectedProviderError(provider));

        assertThat(b.tokens.accessToken(tenant, connection, provider)).isEmpty();
        assertThat(b.tokens.renewRefused(tenant, connection, provider)).isFalse();
        assertThat(b.refresher.renewExpiring(tenant, connection, provider, Instant.now()).result())
                .isEqualTo(TokenRefresher.Result.INACTIVE);
        b.refresher.renewAllExpiring(minutesFromNow(10), 1000);
        assertThat(fake.requestsWith("refresh-dead-" + provider.id())).hasSize(1);
    }

    @Test
    void microsoftsRejectionKeepsTheAadstsCodeButNotTheDescription() {
        UUID connection = a.connection(tenant, Provider.MICROSOFT_GRAPH, "ms_a", "ms_unknown", minutesFromNow(-1));

        a.refresher.renewExpiring(tenant, connection, Provider.MICROSOFT_GRAPH, Instant.now());

        String message = JSON.readTree((String) a.row(connection).get("last_error")).get("message").asString();
        assertThat(message).contains("invalid_grant, AADSTS70000").doesNotContain("Trace ID", "Correlation");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void asksEachProviderInItsOwnDialect(Provider provider) {
        UUID connection = a.connection(tenant, provider, "a1", "r1-" + provider.id(), minutesFromNow(-1));
        fake.accept(provider, "r1-" + provider.id(), Issue.rotating("a2-" + provider.id(), "r2"));

        assertThat(a.tokens.accessToken(tenant, connection, provider)).contains("a2-" + provider.id());

        FakeTokenEndpoints.Request request = fake.requests(provider).get(0);
        assertThat(request.fields()).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "r1-" + provider.id());
        assertThat(request.accept()).contains("application/json");
        switch (provider) {
            case SLACK -> assertThat(request.fields()).doesNotContainKeys("client_id", "client_secret");
            case MICROSOFT_GRAPH -> assertThat(request.fields().get("scope")).contains("offline_access", "Mail.Read");
            default -> assertThat(request.fields()).containsEntry("client_id", FakeTokenEndpoints.clientId(provider))
                    .containsEntry("client_secret", FakeTokenEndpoints.clientSecret(provider));
        }
    }

    @Test
    void anOutageLeavesTheTokensAsTheyWereAndIsNotRetriedOnEveryCall() {
        UUID connection = a.connection(tenant, Provider.SLACK, "xoxe.xoxb-old", "xoxe-1-r1", minutesFromNow(-1));
        fake.accept(Provider.SLACK, "xoxe-1-r1", Issue.rotating("xoxe.xoxb-new", "xoxe-1-r2"))
                .outage(Provider.SLACK, 1);

        assertThatExceptionOfType(TokenRefreshException.class)
                .isThrownBy(() -> a.refresher.renewExpiring(tenant, connection, Provider.SLACK, Instant.now()))
                .withMessageContaining("http_503").withMessageNotContaining("xoxe");
        assertThat(a.row(connection)).containsEntry("status", "active").containsEntry("last_error", null)
                .containsEntry("access_token", "xoxe.xoxb-old").containsEntry("refresh_token", "xoxe-1-r1");
        fake.outage(Provider.SLACK, 1);
        assertThat(b.tokens.accessToken(tenant, connection, Provider.SLACK)).isEmpty();
        assertThat(b.tokens.accessToken(tenant, connection, Provider.SLACK)).isEmpty();
        assertThat(fake.requests(Provider.SLACK)).hasSize(2);
        assertThat(count(a, "failed")).isEqualTo(1);

        assertThat(a.tokens.accessToken(tenant, connection, Provider.SLACK)).contains("xoxe.xoxb-new");
    }

    @Test
    void aTokenThatDoesNotExpireOrBelongsToAnotherTenantIsNeverRenewed() {
        UUID lasting = a.connection(tenant, Provider.SLACK, "xoxb-lasting", "xoxe-1-lasting", null);
        UUID expired = a.connection(tenant, Provider.GITHUB, "ghu_x", "ghr_x", minutesFromNow(-1));
        fake.accept(Provider.GITHUB, "ghr_x", Issue.rotating("ghu_y", "ghr_y"));

        assertThat(a.tokens.accessToken(tenant, lasting, Provider.SLACK)).contains("xoxb-lasting");
        assertThat(a.tokens.accessToken(TenantId.of(UUID.randomUUID()), expired, Provider.GITHUB)).isEmpty();
        assertThat(a.refresher.renewExpiring(TenantId.of(UUID.randomUUID()), expired, Provider.GITHUB,
                Instant.now()).result()).isEqualTo(TokenRefresher.Result.INACTIVE);
        assertThat(fake.requests(Provider.SLACK)).isEmpty();
        assertThat(fake.requests(Provider.GITHUB)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void anAppTheProviderDoesNotRecogniseIsTheProvidersFailureNotTheConnections(Provider provider) {
        Map<Provider, OAuthClientProperties.Client> wrong = new EnumMap<>(fake.clients().providers());
        OAuthClientProperties.Client right = wrong.get(provider);
        wrong.put(provider, new OAuthClientProperties.Client(right.clientId(), "not-the-secret", right.authorizeUrl(),
                right.tokenUrl(), null, null));
        try (TokenInstance misconfigured = new TokenInstance(new OAuthClientProperties(Duration.ofSeconds(2), wrong),
                Clock.systemUTC())) {
            UUID connection = a.connection(tenant, provider, "a1", "r1-" + provider.id(), minutesFromNow(-1));
            fake.accept(provider, "r1-" + provider.id(), Issue.rotating("a2", "r2"));

            assertThatExceptionOfType(TokenRefreshException.class).isThrownBy(() ->
                    misconfigured.refresher.renewExpiring(tenant, connection, provider, Instant.now()));

            assertThat(a.row(connection)).containsEntry("status", "active").containsEntry("last_error", null)
                    .containsEntry("refresh_token", "r1-" + provider.id());
        }
    }

    @Test
    void theSweepRenewsWhatExpiresSoonAcrossTenantsSkipsWhatAnotherCallerHoldsAndSurvivesAFailure()
            throws Exception {
        TenantId other = TenantId.of(UUID.randomUUID());
        UUID held = a.connection(tenant, Provider.GITHUB, "ghu_held", "ghr_held", minutesFromNow(3));
        UUID failing = a.connection(other, Provider.SLACK, "xoxe.xoxb-f", "xoxe-1-failing", minutesFromNow(2));
        UUID renewed = a.connection(other, Provider.JIRA, "jira_sweep", "jira_r_sweep", minutesFromNow(4));
        fake.accept(Provider.GITHUB, "ghr_held", Issue.rotating("ghu_after", "ghr_after"))
                .accept(Provider.SLACK, "xoxe-1-failing", Issue.rotating("xoxe.xoxb-g", "xoxe-1-g"))
                .accept(Provider.JIRA, "jira_r_sweep", Issue.rotating("jira_swept", "jira_r_swept"))
                .outageFor("xoxe-1-failing", 1);
        try (var holder = a.pool.getConnection()) {
            holder.setAutoCommit(false);
            try (var lock = holder.prepareStatement("SELECT 1 FROM connections WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, held);
                lock.executeQuery().close();
            }

            b.refresher.renewAllExpiring(minutesFromNow(10), 1000);

            holder.rollback();
        }
        assertThat(fake.requestsWith("ghr_held")).isEmpty();
        assertThat(fake.requestsWith("xoxe-1-failing")).hasSize(1);
        assertThat(b.row(failing)).containsEntry("status", "active").containsEntry("access_token", "xoxe.xoxb-f");
        assertThat(b.row(renewed)).containsEntry("access_token", "jira_swept");

        b.refresher.renewAllExpiring(minutesFromNow(10), 1000);

        assertThat(b.row(held)).containsEntry("access_token", "ghu_after");
        assertThat(b.row(failing)).containsEntry("access_token", "xoxe.xoxb-g");
    }

    private static String expectedProviderError(Provider provider) {
        return switch (provider) {
            case GITHUB -> "bad_refresh_token";
            case SLACK -> "invalid_refresh_token";
            default -> "invalid_grant";
        };
    }

    private static Instant minutesFromNow(long minutes) {
        return Instant.now().plus(minutes, ChronoUnit.MINUTES);
    }

    private static double count(TokenInstance instance, String outcome) {
        var counter = instance.meters.find(TokenRefresher.METRIC).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
