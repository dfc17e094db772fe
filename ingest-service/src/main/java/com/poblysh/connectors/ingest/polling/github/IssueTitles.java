package com.poblysh.connectors.ingest.polling.github;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The titles of issues a connection's poll read lately, by the issue's API URL, so that a comment (which names its
 * issue only by {@code issue_url}) gets its issue's title without a request: a new comment moves its issue into
 * the same pass's issues list, read just before the comments. Bounded (least recently used go first) and only an
 * optimisation: a title not here is fetched.
 */
final class IssueTitles {

    static final int MAX_ENTRIES = 20_000;

    private record Key(UUID connection, String issueUrl) {
    }

    private final Map<Key, String> titles = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    synchronized void put(UUID connection, String issueUrl, String title) {
        if (issueUrl != null && title != null) {
            titles.put(new Key(connection, issueUrl), title);
        }
    }

    synchronized Optional<String> get(UUID connection, String issueUrl) {
        return Optional.ofNullable(titles.get(new Key(connection, issueUrl)));
    }
}
