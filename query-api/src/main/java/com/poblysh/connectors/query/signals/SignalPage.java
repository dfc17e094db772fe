package com.poblysh.connectors.query.signals;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code GET /signals}; {@code next_cursor} is always present: null on the last page, or with
 * {@code order=stored} where the next read continues (null only while the list never had a signal).
 */
record SignalPage(@Schema(requiredMode = REQUIRED) List<SignalView> signals,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(types = {"string", "null"}, requiredMode = REQUIRED,
                description = "Opaque cursor of the next page; null on the last page. With order=stored: where the "
                        + "next read continues, null only while no signal was ever stored") String nextCursor) {
}
