package com.poblysh.connectors.query.signals;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code GET /signals}; {@code next_cursor} is always present, null on the last page. */
record SignalPage(List<SignalView> signals, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
}
