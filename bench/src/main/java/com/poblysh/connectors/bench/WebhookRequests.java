package com.poblysh.connectors.bench;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.bench.github.GithubEvent;
import com.poblysh.connectors.bench.http.LoopbackHttp;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.GitHubWebhooks;

/** How a generated GitHub delivery goes over the wire: as GitHub posts it, and as ingest-service publishes it. */
final class WebhookRequests {

    private WebhookRequests() {
    }

    /** The request head GitHub sends (its headers, our signature), for {@code POST /webhooks/github/{tenant}}. */
    static byte[] head(UUID tenant, GithubEvent event, String signature) {
        String headers = "Accept: */*\r\n"
                + "Content-Type: application/json\r\n"
                + "User-Agent: GitHub-Hookshot/a1b2c3d\r\n"
                + GitHubWebhooks.DELIVERY_HEADER + ": " + event.deliveryId() + "\r\n"
                + GitHubWebhooks.EVENT_HEADER + ": " + event.eventType() + "\r\n"
                + "X-GitHub-Hook-ID: 482917365\r\n"
                + "X-GitHub-Hook-Installation-Target-ID: 79929171\r\n"
                + "X-GitHub-Hook-Installation-Target-Type: organization\r\n"
                + GitHubWebhooks.SIGNATURE_HEADER + ": " + signature + "\r\n";
        return LoopbackHttp.head("POST", "/webhooks/github/" + tenant, headers, event.body().length);
    }

    /** The raw event ingest-service would publish for this delivery (same kept headers, same envelope). */
    static RawEvent rawEvent(UUID tenant, GithubEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(GitHubWebhooks.EVENT_HEADER, event.eventType());
        headers.put(GitHubWebhooks.DELIVERY_HEADER, event.deliveryId());
        headers.put("X-GitHub-Hook-ID", "482917365");
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "GitHub-Hookshot/a1b2c3d");
        return RawEvent.newBuilder()
                .setEventId(EventIds.eventId("github", event.deliveryId()))
                .setTenantId(tenant)
                .setProvider("github")
                .setConnectionId(null)
                .setSource(EventSource.webhook)
                .setEventType(event.eventType())
                .setDeliveryId(event.deliveryId())
                .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setHeaders(headers)
                .setPayload(ByteBuffer.wrap(event.body()))
                .build();
    }
}
