package com.poblysh.connectors.query.connections;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** {@code connections.status}: usable, revoked by the tenant, or failed (e.g. the provider refused a refresh). */
enum ConnectionStatus {
    ACTIVE, REVOKED, ERROR;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ConnectionStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
