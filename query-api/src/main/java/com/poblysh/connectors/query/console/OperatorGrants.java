package com.poblysh.connectors.query.console;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code operator_tenant_grants}: the configured operators' tenants and roles, written into PostgreSQL when the
 * service starts (after Flyway, before it serves requests) so that every console query JOINs them. The table is a
 * projection of {@link ConsoleProperties}: one transaction replaces it whole, so an operator or tenant removed from
 * the configuration loses access at the next start. Every instance must therefore share one configuration.
 */
@Component
@DependsOnDatabaseInitialization
class OperatorGrants implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(OperatorGrants.class);

    private final ConsoleProperties properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    OperatorGrants(ConsoleProperties properties, JdbcClient jdbc, TransactionTemplate transaction) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void afterSingletonsInstantiated() {
        synchronize();
    }

    /** Replaces the table's rows with the configured grants. */
    void synchronize() {
        int rows = transaction.execute(tx -> {
            // serialises instances starting at once; the loser then replaces the winner's identical rows
            jdbc.sql("LOCK TABLE operator_tenant_grants IN EXCLUSIVE MODE").update();
            jdbc.sql("DELETE FROM operator_tenant_grants").update();
            int inserted = 0;
            for (ConsoleProperties.Operator operator : properties.operators()) {
                for (UUID tenant : operator.tenants().stream().distinct().toList()) {
                    inserted += jdbc.sql("INSERT INTO operator_tenant_grants (operator, tenant_id, role)"
                                    + " VALUES (:operator, :tenant, :role)")
                            .param("operator", operator.username())
                            .param("tenant", tenant)
                            .param("role", operator.role().wireName())
                            .update();
                }
            }
            return inserted;
        });
        log.info("Operator console: {} operator accounts, {} tenant grants", properties.operators().size(), rows);
    }

    /** The operator's role for {@code tenant}; empty when not granted (the tenant then does not exist for them). */
    Optional<OperatorRole> role(String operator, TenantId tenant) {
        return jdbc.sql("SELECT role FROM operator_tenant_grants WHERE operator = :operator AND tenant_id = :tenant")
                .param("operator", operator)
                .param("tenant", tenant.value())
                .query(String.class).optional().map(OperatorRole::fromWireName);
    }

    /** The operator's tenants, for the tenant switcher, in a stable order. */
    List<TenantId> tenants(String operator) {
        return jdbc.sql("SELECT tenant_id FROM operator_tenant_grants WHERE operator = :operator ORDER BY tenant_id")
                .param("operator", operator)
                .query(UUID.class).list().stream().map(TenantId::of).toList();
    }
}
