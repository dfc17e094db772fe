package com.poblysh.connectors.processor.enrich.microsoftgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Enrichment of Graph notifications against a stand-in Graph API. */
class MicrosoftGraphResourceEnricherTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RESOURCE = "Users/0fd4b8bb/Messages/AAMkADk0ZjUz-Tkw_NWU=";
    private static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.graph-access-token";

    private final MockWebServer graph = new MockWebServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UUID tenant = UUID.randomUUID();
    private final UUID connection = UUID.randomUUID();
    private AccessTokens tokens = (t, c, p) -> t.value().equals(tenant) && c.equals(connection) ? Optional.of(TOKEN)
            : Optional.empty();
    private MicrosoftGraphResourceEnricher enricher;

    @BeforeEach
    void startGraph() throws Exception {
        graph.start();
        enricher = enricher(Duration.ofSeconds(2));
    }

    @AfterEach
    void stopGraph() {
        graph.close();
    }

    @Test
    void fetchesTheNotifiedMessageWithTheConnectionsTokenAndFillsResourceData() throws Exception {
        graph.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body("""
                {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('0fd4b8bb')/messages(...)",
                 "@odata.etag":"W/\\"fetched\\"","id":"AAMkADk0ZjUz-Tkw_NWU=","subject":"Q2 invoice",
                 "receivedDateTime":"2024-04-30T09:00:01Z",
                 "from":{"emailAddress":{"name":"Adele Vance","address":"AdeleV@contoso.com"}},
                 "webLink":"https://outlook.office365.com/owa/?ItemID=AAMk"}""").build());

        JsonNode enriched = enricher.enrich(event("message.created", connection), notification("created"));

        RecordedRequest request = graph.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1.0/" + RESOURCE);
        assertThat(request.getUrl().queryParameter("$select")).contains("subject", "from", "receivedDateTime",
                "webLink", "changeKey").doesNotContain("body");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(enriched.at("/resourceData/subject").asString()).isEqualTo("Q2 invoice");
        assertThat(enriched.at("/resourceData/from/emailAddress/address").asString()).isEqualTo("AdeleV@contoso.com");
        // what the notification said is kept; Graph's annotations of the answer are not copied
        assertThat(enriched.at("/resourceData/@odata.etag").asString()).isEqualTo("W/\"from-notification\"");
        assertThat(enriched.at("/resourceData/@odata.context").isMissingNode()).isTrue();
        assertThat(enriched.path("subscriptionId").asString()).isEqualTo("7f105c7d");
        assertThat(count("enriched")).isEqualTo(1);
    }

    @Test
    void leavesTheNotificationAsItCameWhenGraphAnswersAnError() {
        graph.enqueue(new MockResponse.Builder().code(404).body("{\"error\":{\"code\":\"ErrorItemNotFound\"}}")
                .build());
        JsonNode notification = notification("created");

        assertThat(enricher.enrich(event("message.created", connection), notification)).isSameAs(notification);
        assertThat(count("status_4xx")).isEqualTo(1);
    }

    @Test
    void leavesTheNotificationAsItCameWhenGraphIsSlowerThanTheTimeout() {
        enricher = enricher(Duration.ofMillis(200));
        graph.enqueue(new MockResponse.Builder().code(200).body("{\"subject\":\"late\"}")
                .headersDelay(2, TimeUnit.SECONDS).build());
        JsonNode notification = notification("created");
        long start = System.nanoTime();

        assertThat(enricher.enrich(event("message.created", connection), notification)).isSameAs(notification);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertThat(count("unreachable")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "not json", "\"a string\""})
    void leavesTheNotificationAsItCameWhenGraphAnswersJunk(String body) {
        graph.enqueue(new MockResponse.Builder().code(200).body(body).build());
        JsonNode notification = notification("updated");

        assertThat(enricher.enrich(event("message.updated", connection), notification)).isSameAs(notification);
    }

    @Test
    void doesNotAskForADeletedResource() {
        JsonNode notification = notification("deleted");

        assertThat(enricher.enrich(event("message.deleted", connection), notification)).isSameAs(notification);
        assertThat(graph.getRequestCount()).isZero();
    }

    @Test
    void doesNotAskWithoutAConnectionOrWithoutAUsableToken() {
        JsonNode notification = notification("created");

        assertThat(enricher.enrich(event("message.created", null), notification)).isSameAs(notification);
        assertThat(enricher.enrich(event("message.created", UUID.randomUUID()), notification)).isSameAs(notification);
        assertThat(graph.getRequestCount()).isZero();
        assertThat(count("no_connection")).isEqualTo(1);
        assertThat(count("no_token")).isEqualTo(1);
    }

    @Test
    void doesNotAskForADriveRootOrAnUnmappedResource() {
        JsonNode root = JSON.readTree("{\"resource\":\"drives/b!x1/root\",\"changeType\":\"updated\"}");
        assertThat(enricher.enrich(event("driveItem.updated", connection), root)).isSameAs(root);
        assertThat(enricher.enrich(event("other.created", connection), notification("created")))
                .isEqualTo(notification("created"));
        assertThat(graph.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../admin/secrets", "https://evil.example/steal", "/absolute/path",
            "Users/a/Messages/b?$expand=attachments", "Users/a/Messages/b#x", "Users/a/../../b"})
    void neverFollowsAResourceOutsideTheApi(String resource) {
        JsonNode notification = JSON.readTree("{\"resource\":\"" + resource + "\",\"changeType\":\"created\"}");

        assertThat(enricher.enrich(event("message.created", connection), notification)).isSameAs(notification);
        assertThat(graph.getRequestCount()).isZero();
    }

    @Test
    void doesNothingWhenSwitchedOff() {
        MicrosoftGraphResourceEnricher off = new MicrosoftGraphResourceEnricher(
                new MicrosoftGraphEnrichmentProperties(false, URI.create(graph.url("/v1.0").toString()),
                        Duration.ofSeconds(1)), tokens, meters);
        JsonNode notification = notification("created");

        assertThat(off.enrich(event("message.created", connection), notification)).isSameAs(notification);
        assertThat(graph.getRequestCount()).isZero();
    }

    private MicrosoftGraphResourceEnricher enricher(Duration timeout) {
        return new MicrosoftGraphResourceEnricher(new MicrosoftGraphEnrichmentProperties(true,
                URI.create(graph.url("/v1.0/").toString()), timeout), tokens, meters);
    }

    private JsonNode notification(String changeType) {
        return JSON.readTree("""
                {"subscriptionId":"7f105c7d","subscriptionExpirationDateTime":"2030-05-02T18:23:45Z",
                 "changeType":"%s","resource":"%s",
                 "resourceData":{"@odata.type":"#Microsoft.Graph.Message","@odata.id":"%s",
                                 "@odata.etag":"W/\\"from-notification\\"","id":"AAMkADk0ZjUz-Tkw_NWU="}}"""
                .formatted(changeType, RESOURCE, RESOURCE));
    }

    private RawEvent event(String type, UUID connectionId) {
        return RawEvent.newBuilder().setEventId(UUID.randomUUID()).setTenantId(tenant)
                .setProvider("microsoft_graph").setConnectionId(connectionId).setSource(EventSource.webhook)
                .setEventType(type).setDeliveryId("d").setReceivedAt(Instant.now())
                .setPayload(ByteBuffer.allocate(0)).build();
    }

    private double count(String outcome) {
        var counter = meters.find(MicrosoftGraphResourceEnricher.METRIC).tags("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
