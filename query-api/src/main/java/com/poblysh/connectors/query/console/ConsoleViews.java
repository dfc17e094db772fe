package com.poblysh.connectors.query.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import com.poblysh.connectors.common.provider.ProviderCatalogue;

/** What the console's templates print: times in UTC, and each row's actions with why one is not allowed. */
final class ConsoleViews {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    static final String MANAGER_ONLY = "Only managers of this tenant may do this; you are a viewer";

    private ConsoleViews() {
    }

    /** A time for people ({@code 2026-02-12 10:31:05 UTC}); {@code absent} when there is none. */
    static String time(Instant at, String absent) {
        return at == null ? absent : TIME.format(at);
    }

    /**
     * A time to the minute in UTC without the zone, for the list's narrow columns (their headers say UTC);
     * {@code <time datetime>} carries the exact one.
     */
    static String minute(Instant at, String absent) {
        return at == null ? absent : MINUTE.format(at);
    }

    /** The first 8 characters of an id, for narrow columns; the full id is in the cell's title and label. */
    static String abbreviate(Object id) {
        String text = id.toString();
        return text.length() <= 8 ? text : text.substring(0, 8) + "…";
    }

    /** The machine-readable form for {@code <time datetime>}. */
    static String iso(Instant at) {
        return at == null ? null : at.toString();
    }

    /**
     * A list row: the connection, its health and the actions the operator may take. A {@code *Disabled} text is
     * null when the action is allowed, else the tooltip saying why it is not.
     */
    record Row(UUID id, String shortId, String tenant, String shortTenant, String provider, String status,
            String name, String externalId,
            String created, String createdIso, String lastSync, String lastSyncIso, String lastError,
            String nextSync, String revokeDisabled, String syncDisabled, String healthDisabled) {

        static Row of(ConsoleConnectionRow row) {
            boolean manage = row.role().canManage();
            String error = row.lastErrorCode() == null ? null
                    : row.lastErrorCode() + (row.lastErrorMessage() == null ? "" : ": " + row.lastErrorMessage())
                            + (row.lastErrorAt() == null ? "" : " (" + minute(row.lastErrorAt(), "") + " UTC)");
            String next = row.syncRunning() ? "running now" : minute(row.nextSyncAt(), null);
            return new Row(row.id(), abbreviate(row.id()), row.tenant().toString(), abbreviate(row.tenant()),
                    row.provider().id(), row.status(),
                    row.displayName() == null ? row.externalId() : row.displayName(), row.externalId(),
                    minute(row.createdAt(), ""), iso(row.createdAt()), minute(row.lastSyncedAt(), "never"),
                    iso(row.lastSyncedAt()), error, next,
                    !manage ? MANAGER_ONLY : !row.active() ? "Already " + row.status() : null,
                    !manage ? MANAGER_ONLY : !row.active() ? "Only active connections sync"
                            : !ProviderCatalogue.of(row.provider()).polling()
                                    ? row.provider().id() + " is not polled: its events arrive by webhook" : null,
                    null);
        }
    }
}
