package com.poblysh.connectors.query.console;

import java.util.Locale;

/**
 * What an operator may do in the console: a {@code viewer} reads and runs health checks; a {@code manager} may
 * also queue syncs and revoke connections. Stored in {@code operator_tenant_grants.role} by its wire name.
 */
enum OperatorRole {
    VIEWER, MANAGER;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OperatorRole fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    boolean canManage() {
        return this == MANAGER;
    }
}
