package com.poblysh.connectors.query.jobs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code GET /jobs}; {@code next_cursor} is always present, null on the last page. */
record JobPage(@Schema(requiredMode = REQUIRED) List<JobView> jobs,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(types = {"string", "null"}, requiredMode = REQUIRED,
                description = "Opaque cursor of the next page; null on the last page") String nextCursor) {
}
