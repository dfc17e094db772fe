package com.poblysh.connectors.processor.enrich;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.schemas.avro.RawEvent;
import tools.jackson.databind.JsonNode;

/**
 * Adds what a provider left out of an event before it is normalized, by asking the provider with the connection's
 * token (Microsoft Graph's basic notifications name a resource but carry none of it). Unlike normalizers, enrichers
 * are not pure: they call out, so they live outside {@code processor.normalize}, and a replay may see other data.
 * Signals that depend on enrichment must therefore not depend on it for their identity.
 */
public interface Enricher {

    /** The provider whose events this enricher completes. */
    Provider provider();

    /**
     * The payload to normalize and store: {@code payload} itself when there is nothing to add or the provider could
     * not be asked (no connection, no token, timeout, error), else a copy with the added data. Never throws: an
     * enrichment failure must not hold up or dead-letter the event.
     */
    JsonNode enrich(RawEvent event, JsonNode payload);
}
