package com.poblysh.connectors.query.signals;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A signal as served to Core. {@code payload} is the stored JSONB text, written as raw JSON; it is left out of
 * lists unless {@code include_payload=true}, and {@code null} when requested but absent.
 */
@Schema(name = "Signal")
record SignalView(
        @Schema(requiredMode = REQUIRED) UUID id,
        @Schema(requiredMode = REQUIRED) String provider,
        @Schema(types = {"string", "null"}, format = "uuid", requiredMode = REQUIRED, description = "null when the "
                + "signal came from no connection") UUID connectionId,
        @Schema(requiredMode = REQUIRED) String kind,
        @Schema(requiredMode = REQUIRED) Instant occurredAt,
        @Schema(requiredMode = REQUIRED) Instant receivedAt,
        @Schema(types = {"string", "null"}) String actor,
        @Schema(types = {"string", "null"}) String title,
        @Schema(types = {"string", "null"}) String url,
        @JsonRawValue @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(types = {"object", "array", "string",
                "number", "boolean", "null"}, description = "The provider's event payload (JSON); only with "
                + "include_payload=true in lists, always in GET /signals/{id}") String payload) {

    /** JSON text of a requested payload that is absent in the database. */
    static final String NO_PAYLOAD = "null";
}
