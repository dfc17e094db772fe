package com.poblysh.connectors.ingest;

import java.nio.charset.StandardCharsets;

/** Test fixtures for Microsoft Graph change notifications from {@code fixtures/microsoft_graph/}. */
public final class GraphWebhooks {

    /** The clientState every ingest test context is configured with. */
    public static final String CLIENT_STATE = "test-graph-client-state";

    private GraphWebhooks() {
    }

    /** Two notifications (a created message, an updated event), each carrying {@code clientState}. */
    public static byte[] notifications(String clientState) {
        return new String(GithubWebhooks.resource("/fixtures/microsoft_graph/notifications.json"),
                StandardCharsets.UTF_8).replace("CLIENT_STATE", clientState).getBytes(StandardCharsets.UTF_8);
    }

    /** A collection of the given notification objects (JSON text each). */
    public static byte[] collection(String... items) {
        return ("{\"value\":[" + String.join(",", items) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    /** One change notification about {@code resource}. */
    public static String change(String clientState, String subscriptionId, String changeType, String resource,
            String etag) {
        return """
                {"subscriptionId":"%s","subscriptionExpirationDateTime":"2030-05-02T18:23:45.9356913+00:00",
                 "changeType":"%s","resource":"%s",
                 "resourceData":{"@odata.type":"#Microsoft.Graph.Message","@odata.id":"%s",
                                 "@odata.etag":"%s","id":"AAMk1"},
                 "clientState":"%s","tenantId":"84bd8158-6d4d-4958-8b9f-9d6445542f95"}"""
                .formatted(subscriptionId, changeType, resource, resource, etag.replace("\"", "\\\""), clientState);
    }

    /** One lifecycle notification. */
    public static String lifecycle(String clientState, String subscriptionId, String event) {
        return """
                {"subscriptionId":"%s","subscriptionExpirationDateTime":"2030-05-02T18:23:45.9356913+00:00",
                 "lifecycleEvent":"%s","resource":"users/0fd4b8bb/messages","clientState":"%s",
                 "tenantId":"84bd8158-6d4d-4958-8b9f-9d6445542f95"}"""
                .formatted(subscriptionId, event, clientState);
    }
}
