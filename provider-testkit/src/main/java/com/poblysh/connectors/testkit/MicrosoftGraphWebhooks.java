package com.poblysh.connectors.testkit;

import java.nio.charset.StandardCharsets;

import com.poblysh.connectors.common.provider.Provider;

/**
 * Microsoft Graph change notifications: no signature, a collection {@code {"value":[…]}} whose every item carries
 * the subscription's {@code clientState}; {@code ?validationToken=} when a subscription is created.
 */
public final class MicrosoftGraphWebhooks {

    /** The clientState the services under test are configured with. */
    public static final String CLIENT_STATE = "test-microsoft-graph-client-state";
    public static final String VALIDATION_TOKEN = "validationToken";
    /** {@code subscriptionId} of the fixtures' mail subscription ({@code message-*}). */
    public static final String SUBSCRIPTION_ID = "7f105c7d-2dc5-4530-97cd-4e7ae6534c07";

    private static final String TENANT = "84bd8158-6d4d-4958-8b9f-9d6445542f95";

    private MicrosoftGraphWebhooks() {
    }

    /** A collection of the given notification objects (JSON text each). */
    public static byte[] collection(String... items) {
        return ("{\"value\":[" + String.join(",", items) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    /** The fixture {@code fixtures/microsoft_graph/<name>.json}, e.g. {@code fixture("message-created-minimal")}. */
    public static ProviderFixture fixture(String name) {
        return ProviderFixtures.get(Provider.MICROSOFT_GRAPH, name);
    }

    /** Two notifications (a created message, an updated event) from the fixtures, each carrying {@code clientState}. */
    public static byte[] notifications(String clientState) {
        return collection(notification(fixture("message-created-minimal"), clientState, null),
                notification(fixture("event-updated-minimal"), clientState, null));
    }

    /** The same two, both of subscription {@code subscriptionId}. */
    public static byte[] notifications(String clientState, String subscriptionId) {
        return collection(notification(fixture("message-created-minimal"), clientState, subscriptionId),
                notification(fixture("event-updated-minimal"), clientState, subscriptionId));
    }

    /** One change notification about {@code resource}. */
    public static String change(String clientState, String subscriptionId, String changeType, String resource,
            String etag) {
        return """
                {"subscriptionId":"%s","subscriptionExpirationDateTime":"2030-05-02T18:23:45.9356913+00:00",
                 "changeType":"%s","resource":"%s",
                 "resourceData":{"@odata.type":"#Microsoft.Graph.Message","@odata.id":"%s",
                                 "@odata.etag":"%s","id":"AAMk1"},
                 "clientState":"%s","tenantId":"%s"}"""
                .formatted(subscriptionId, changeType, resource, resource, etag.replace("\"", "\\\""), clientState,
                        TENANT);
    }

    /**
     * One drive change notification, as Graph sends it for a {@code me/drive/root} subscription: {@code updated} of
     * the drive's root, with no resource data, whatever item changed.
     */
    public static String driveChange(String clientState, String subscriptionId, String driveId) {
        return """
                {"subscriptionId":"%s","subscriptionExpirationDateTime":"2030-05-02T18:23:45.9356913+00:00",
                 "changeType":"updated","resource":"drives/%s/root","clientState":"%s","tenantId":"%s"}"""
                .formatted(subscriptionId, driveId, clientState, TENANT);
    }

    /** One lifecycle notification ({@code reauthorizationRequired}, {@code subscriptionRemoved}, {@code missed}). */
    public static String lifecycle(String clientState, String subscriptionId, String event) {
        return """
                {"subscriptionId":"%s","subscriptionExpirationDateTime":"2030-05-02T18:23:45.9356913+00:00",
                 "lifecycleEvent":"%s","resource":"users/0fd4b8bb/messages","clientState":"%s",
                 "tenantId":"%s"}"""
                .formatted(subscriptionId, event, clientState, TENANT);
    }

    /** {@code fixture} as Graph posts it: a collection of one notification carrying {@code clientState}. */
    public static ProviderRequest request(ProviderFixture fixture, String clientState) {
        return new ProviderRequest(fixture.headers(), collection(notification(fixture, clientState, null)));
    }

    private static String notification(ProviderFixture fixture, String clientState, String subscriptionId) {
        return fixture.withBody(body -> {
            if (subscriptionId != null) {
                body.put("subscriptionId", subscriptionId);
            }
            return body.put("clientState", clientState);
        }).bodyText();
    }
}
