package com.poblysh.connectors.common.tenancy;

import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;

/**
 * Deterministic ids of the pipeline. An event id is the UUIDv5 of {@code "<provider>:<delivery id>"}, so a
 * provider's redelivery of the same delivery gets the same id; a signal id is the UUIDv5 of
 * {@code "<tenant id>:<dedupe key>"}, so a replay computes the id it already stored.
 */
public final class EventIds {

    private static final UUID EVENT_NAMESPACE = UUID.fromString("6f1c5a0e-7d2b-4c4e-9a51-2f0b8e6d3c11");
    private static final UUID SIGNAL_NAMESPACE = UUID.fromString("b3e4d2a1-9c8f-4e7d-8a6b-5c4d3e2f1a09");

    private EventIds() {
    }

    /** Event id for a provider delivery, e.g. {@code eventId("github", "72d3162e-cc78-11e3-81ab-4c9367dc0958")}. */
    public static UUID eventId(String provider, String deliveryId) {
        return Uuids.nameBased(EVENT_NAMESPACE, provider + ":" + deliveryId);
    }

    /** Event id for a delivery of {@code provider}: {@link #eventId(String, String)} of its id. */
    public static UUID eventId(Provider provider, String deliveryId) {
        return eventId(provider.id(), deliveryId);
    }

    /** Signal id for a tenant's dedupe key, e.g. {@code signalId(tenant, "github:72d3162e-...")}. */
    public static UUID signalId(TenantId tenant, String dedupeKey) {
        return Uuids.nameBased(SIGNAL_NAMESPACE, tenant + ":" + dedupeKey);
    }
}
