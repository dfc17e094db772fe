package com.poblysh.connectors.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration that adds {@code connection_bindings} binds the connections made before it by what their stored
 * account already says (Slack team, enterprise and app; Jira cloud id and site host), on a database of its own
 * migrated up to just before it.
 */
class ConnectionBindingsMigrationTests {

    private static final MigrationVersion BINDINGS = MigrationVersion.fromVersion("6");

    private DatabaseBootstrap.Target database;
    private String name;

    @BeforeEach
    void databaseBeforeTheBindings() {
        name = "poblysh_test_" + HexFormat.of().formatHex(randomBytes());
        String server = System.getenv().getOrDefault("POBLYSH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/poblysh");
        database = DatabaseBootstrap.resolve(server.replaceFirst("/[A-Za-z0-9_]+(\\?.*)?$", "/" + name),
                System.getenv().getOrDefault("POBLYSH_DB_USER", "postgres"),
                System.getenv().getOrDefault("POBLYSH_DB_PASSWORD", ""));
        MigrationVersion before = Arrays.stream(flyway(null).info().all()).map(MigrationInfo::getVersion)
                .filter(v -> v.compareTo(BINDINGS) < 0).max(MigrationVersion::compareTo).orElseThrow();
        flyway(before).migrate();
    }

    @AfterEach
    void dropIt() throws Exception {
        DatabaseBootstrap.drop(database, name);
        database.close();
    }

    @Test
    void bindsEarlierSlackAndJiraConnectionsByTheirStoredAccount() throws SQLException {
        UUID slack = connection("slack", "{\"team_id\":\"T1\",\"enterprise_id\":\"E1\",\"app_id\":\"A1\"}");
        UUID jira = connection("jira", "{\"cloud_id\":\"c-1\",\"site_url\":\"https://Acme.atlassian.net/\"}");
        UUID github = connection("github", "{\"login\":\"octocat\"}");
        UUID malformed = connection("slack", "{\"team_id\":\"T 1\"}");

        flyway(null).migrate();

        assertThat(bindings(slack)).containsExactlyInAnyOrder("slack:team=T1", "slack:enterprise=E1", "slack:app=A1");
        assertThat(bindings(jira)).containsExactlyInAnyOrder("jira:cloud=c-1", "jira:site=acme.atlassian.net");
        assertThat(bindings(github)).isEmpty();
        assertThat(bindings(malformed)).isEmpty();
    }

    private Flyway flyway(MigrationVersion target) {
        var config = Flyway.configure().dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    private UUID connection(String provider, String metadata) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = connect(); PreparedStatement insert = c.prepareStatement("INSERT INTO connections"
                + " (id, tenant_id, provider, external_id, metadata) VALUES (?, ?, ?, ?, ?::jsonb)")) {
            insert.setObject(1, id);
            insert.setObject(2, UUID.randomUUID());
            insert.setString(3, provider);
            insert.setString(4, "account-" + id);
            insert.setString(5, metadata);
            insert.executeUpdate();
        }
        return id;
    }

    private List<String> bindings(UUID connection) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement query = c.prepareStatement("SELECT provider || ':' || kind"
                + " || '=' || value FROM connection_bindings WHERE connection_id = ?")) {
            query.setObject(1, connection);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
