package com.poblysh.connectors.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * Every tenant's GitHub connection, written the way query-api's connect and provisioning write them: an active
 * {@code connections} row without an access token (ingest runs without the jobs engine, so it is never polled),
 * its hook's secret sealed with the services' key for its row, and a binding to the repository the load generator's
 * deliveries name. Ingest accepts a delivery only when it binds to one of the tenant's connections.
 */
final class TenantConnections {

    /** The repository every delivery of the load generator names ({@code repository.id} of the kit's fixture). */
    static final String REPOSITORY_ID = "1296269";

    private TenantConnections() {
    }

    /** Writes one connection per tenant, signed by {@code webhookSecret}; its id is returned in tenant order. */
    static List<UUID> seed(DatabaseBootstrap.Target database, String base64Key, List<TenantId> tenants,
            String webhookSecret) {
        SecretCipher cipher = SecretCipher.fromBase64Key(base64Key);
        Properties props = new Properties();
        props.setProperty("user", database.user());
        if (database.password() != null) {
            props.setProperty("password", database.password());
        }
        try (Connection db = DriverManager.getConnection(database.url(), props);
             PreparedStatement connection = db.prepareStatement("""
                     INSERT INTO connections (id, tenant_id, provider, external_id, display_name, status,
                                              webhook_secret_ciphertext)
                     VALUES (?, ?, ?, ?, ?, 'active', ?)""");
             PreparedStatement binding = db.prepareStatement("""
                     INSERT INTO connection_bindings (tenant_id, connection_id, provider, kind, value)
                     VALUES (?, ?, ?, ?, ?)""")) {
            List<UUID> ids = tenants.stream().map(t -> UUID.randomUUID()).toList();
            for (int i = 0; i < tenants.size(); i++) {
                UUID tenant = tenants.get(i).value();
                UUID id = ids.get(i);
                connection.setObject(1, id);
                connection.setObject(2, tenant);
                connection.setString(3, Provider.GITHUB.id());
                connection.setString(4, "reliability-octocat");
                connection.setString(5, "Reliability (octocat/Hello-World)");
                connection.setBytes(6, cipher.encrypt(webhookSecret, SecretBinding.webhookSecret(id)));
                connection.addBatch();
                binding.setObject(1, tenant);
                binding.setObject(2, id);
                binding.setString(3, Provider.GITHUB.id());
                binding.setString(4, IdentityKind.GITHUB_REPOSITORY.id());
                binding.setString(5, REPOSITORY_ID);
                binding.addBatch();
            }
            connection.executeBatch();
            binding.executeBatch();
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed the tenants' connections", e);
        }
    }
}
