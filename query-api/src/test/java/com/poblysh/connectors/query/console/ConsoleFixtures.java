package com.poblysh.connectors.query.console;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Console rows for tests: grants written straight into {@code operator_tenant_grants} (the table the console's
 * queries join, which configuration fills at start-up) for an operator name unique to the test, so tests never
 * share an operator's view; requests signed in as that operator.
 */
final class ConsoleFixtures {

    private ConsoleFixtures() {
    }

    /** A fresh operator name. */
    static String operator() {
        return "op-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void grant(JdbcClient jdbc, String operator, UUID tenant, String role) {
        jdbc.sql("INSERT INTO operator_tenant_grants (operator, tenant_id, role) VALUES (:o, :t, :r)")
                .param("o", operator).param("t", tenant).param("r", role).update();
    }

    /** {@code request} from a signed-in session of {@code operator}. */
    static MockHttpServletRequestBuilder as(String operator, MockHttpServletRequestBuilder request) {
        return request.with(user(operator).roles(ConsoleSecurity.OPERATOR));
    }

    /** Sets the health columns the sync engine writes. */
    static void health(JdbcClient jdbc, UUID connection, Instant lastSynced, String errorCode) {
        jdbc.sql("""
                UPDATE connections SET last_synced_at = :synced,
                       last_error = CASE WHEN CAST(:code AS text) IS NULL THEN NULL
                                         ELSE jsonb_build_object('code', CAST(:code AS text), 'message', 'provider said no',
                                                                 'at', '2026-01-01T00:00:00Z') END
                WHERE id = :id""")
                .param("synced", lastSynced == null ? null : lastSynced.atOffset(ZoneOffset.UTC))
                .param("code", errorCode)
                .param("id", connection)
                .update();
    }
}
