package com.poblysh.connectors.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.poblysh.connectors.testkit.GitHubWebhooks;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fake's repository webhooks behave as GitHub's: created with {@code POST …/hooks} (422 for a second one with
 * the same URL, 403 without admin rights, 404 for a repository the token cannot read, 401 for an unknown token),
 * pinged at once, deliveries signed with the hook's secret and listed newest first with the receiver's status, no
 * retry of a failed one, redelivery on request under the same GUID, and deletion.
 */
class FakeGitHubHooksTests {

    private static final FakeGitHubApi GITHUB = FakeGitHubApi.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<RecordedRequest> received = new LinkedBlockingQueue<>();
    private final AtomicInteger answer = new AtomicInteger(202);
    private MockWebServer receiver;
    private GitHubAccount account;
    private GitHubRepository repo;

    @AfterAll
    static void stop() {
        GITHUB.close();
    }

    @BeforeEach
    void aRepositoryAndAReceiver() throws Exception {
        GITHUB.setNow(Instant.parse("2031-01-01T00:00:00Z"));
        account = GITHUB.account("hooks");
        repo = account.repository("hooked");
        receiver = new MockWebServer();
        receiver.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                received.add(request);
                return new MockResponse.Builder().code(answer.get()).build();
            }
        });
        receiver.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aCreatedHookIsPingedAndSignsItsDeliveriesWithItsSecret() throws Exception {
        HttpResponse<String> created = send("POST", "/repos/" + repo.fullName() + "/hooks", hookBody("s3cret"));

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode hook = JSON.readTree(created.body());
        assertThat(hook.path("config").path("url").asString()).isEqualTo(url());
        assertThat(hook.path("config").path("secret").asString()).isEqualTo("********");
        RecordedRequest ping = received.poll(10, TimeUnit.SECONDS);
        assertThat(ping.getHeaders().get(GitHubWebhooks.EVENT_HEADER)).isEqualTo("ping");
        assertThat(ping.getHeaders().get(GitHubWebhooks.SIGNATURE_HEADER))
                .isEqualTo(GitHubWebhooks.signature("s3cret", ping.getBody().toByteArray()));

        repo.openIssue("Delivered");
        GitHubHook.Delivery delivery = repo.deliverIssueOpened(1).get(0);

        RecordedRequest sent = received.poll(10, TimeUnit.SECONDS);
        JsonNode body = JSON.readTree(sent.getBody().utf8());
        assertThat(sent.getHeaders().get(GitHubWebhooks.DELIVERY_HEADER)).isEqualTo(delivery.guid());
        assertThat(sent.getHeaders().get(GitHubWebhooks.SIGNATURE_HEADER))
                .isEqualTo(GitHubWebhooks.signature("s3cret", sent.getBody().toByteArray()));
        assertThat(body.path("repository").path("id").asLong()).isEqualTo(repo.id());
        assertThat(body.path("issue").path("title").asString()).isEqualTo("Delivered");
        assertThat(delivery.statusCode()).isEqualTo(202);
    }

    @Test
    void aFailedDeliveryIsListedAndRedeliveredOnlyWhenAsked() throws Exception {
        JsonNode hook = JSON.readTree(send("POST", "/repos/" + repo.fullName() + "/hooks", hookBody("s")).body());
        received.poll(10, TimeUnit.SECONDS);
        repo.openIssue("Lost at first");
        answer.set(503);
        GitHubHook.Delivery failed = repo.deliverIssueOpened(1).get(0);
        received.poll(10, TimeUnit.SECONDS);
        answer.set(202);
        String deliveries = "/repos/" + repo.fullName() + "/hooks/" + hook.path("id").asLong() + "/deliveries";

        JsonNode listed = JSON.readTree(send("GET", deliveries, null).body());

        assertThat(listed.get(0).path("guid").asString()).isEqualTo(failed.guid());
        assertThat(listed.get(0).path("status_code").asInt()).isEqualTo(503);
        assertThat(listed.get(0).path("status").asString()).isEqualTo("Invalid HTTP Response: 503");
        assertThat(listed.get(1).path("event").asString()).isEqualTo("ping");
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("GitHub does not retry").isNull();

        HttpResponse<String> attempt = send("POST", deliveries + "/" + failed.id() + "/attempts", null);

        assertThat(attempt.statusCode()).isEqualTo(202);
        RecordedRequest again = received.poll(10, TimeUnit.SECONDS);
        assertThat(again.getHeaders().get(GitHubWebhooks.DELIVERY_HEADER)).isEqualTo(failed.guid());
        await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(send("GET", deliveries, null).body()).size()
                == 3);
        JsonNode newest = JSON.readTree(send("GET", deliveries, null).body()).get(0);
        assertThat(newest.path("redelivery").asBoolean()).isTrue();
        assertThat(newest.path("status_code").asInt()).isEqualTo(202);
        assertThat(newest.path("id").asLong()).isGreaterThan(failed.id());
        assertThat(send("POST", deliveries + "/999999999/attempts", null).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAsGitHubDoes() throws Exception {
        String hooks = "/repos/" + repo.fullName() + "/hooks";
        assertThat(send("POST", hooks, hookBody("a")).statusCode()).isEqualTo(201);

        HttpResponse<String> duplicate = send("POST", hooks, hookBody("b"));
        assertThat(duplicate.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(duplicate.body()).path("errors").get(0).path("message").asString())
                .isEqualTo("Hook already exists on this repository");
        assertThat(send("POST", "/repos/hooks/missing/hooks", hookBody("a")).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(GITHUB.baseUrl() + hooks))
                .header("Authorization", "Bearer not-a-token").POST(HttpRequest.BodyPublishers.ofString(hookBody("a")))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        GitHubRepository readOnly = account.repository("read-only").withoutAdmin();
        assertThat(send("POST", "/repos/" + readOnly.fullName() + "/hooks", hookBody("a")).statusCode())
                .isEqualTo(403);
        JsonNode listed = JSON.readTree(send("GET", "/user/repos", null).body());
        assertThat(listed).filteredOn(r -> r.path("name").asString().equals("read-only")).singleElement()
                .satisfies(r -> assertThat(r.path("permissions").path("admin").asBoolean()).isFalse());

        long id = repo.hooks().get(0).id();
        assertThat(send("DELETE", hooks + "/" + id, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", hooks + "/" + id, null).statusCode()).isEqualTo(404);
        assertThat(repo.hooks()).isEmpty();
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getPort() + "/webhooks/github/tenant";
    }

    private String hookBody(String secret) {
        return "{\"name\":\"web\",\"active\":true,\"events\":[\"issues\",\"push\"],\"config\":{\"url\":\"" + url()
                + "\",\"content_type\":\"json\",\"secret\":\"" + secret + "\"}}";
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(GITHUB.baseUrl() + path))
                .header("Authorization", "Bearer " + account.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
