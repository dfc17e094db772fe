package com.poblysh.connectors.query.pagination;

import java.util.List;

/**
 * A served page: at most {@code limit} items and the cursor of the next page, null on the last.
 *
 * @param items      the rows, in the list's order
 * @param nextCursor opaque token for the next page, or null when there is none
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }
}
