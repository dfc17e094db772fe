package com.poblysh.connectors.common.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.RefreshDialect;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.testsupport.FakeTokenEndpoints;
import com.poblysh.connectors.testsupport.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service instance's token stack for the refresh tests: its own connection pool to the shared test database, its
 * own {@link TokenRefresher} (with every provider's dialect, as the services find them) and {@link JdbcAccessTokens},
 * against a {@link FakeTokenEndpoints}. Two of them are two instances.
 */
final class TokenInstance implements AutoCloseable {

    /** The development key of the local and test profiles. */
    static final SecretCipher CIPHER = SecretCipher.fromBase64Key("bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=");

    private static boolean migrated;

    final HikariDataSource pool;
    final JdbcClient jdbc;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TokenRefresher refresher;
    final JdbcAccessTokens tokens;
    final SecretCipher cipher;

    TokenInstance(FakeTokenEndpoints fake, Clock clock) {
        this(fake.clients(), clock);
    }

    /**
     * An instance on {@code database} (migrated by the caller) configured with the key ring {@code cipher} holds: one
     * step of a key rotation.
     */
    TokenInstance(FakeTokenEndpoints fake, Clock clock, SecretCipher cipher, DatabaseBootstrap.Target database) {
        this(fake.clients(), clock, cipher, database);
    }

    /** An instance with {@code clients} as its apps (e.g. a misconfigured one). */
    TokenInstance(OAuthClientProperties clients, Clock clock) {
        this(clients, clock, CIPHER, migrate());
    }

    private TokenInstance(OAuthClientProperties clients, Clock clock, SecretCipher cipher,
            DatabaseBootstrap.Target database) {
        this.cipher = cipher;
        pool = new HikariDataSource();
        pool.setJdbcUrl(database.url());
        pool.setUsername(database.user());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(4);
        jdbc = JdbcClient.create(pool);
        refresher = new TokenRefresher(jdbc, new DataSourceTransactionManager(pool), cipher, clients,
                new OAuthHttp(Duration.ofSeconds(2), JsonMapper.builder().build()), dialects(), clock, meters);
        tokens = new JdbcAccessTokens(jdbc, cipher, refresher, clock);
    }

    /** The {@link RefreshDialect} beans of the {@code common.oauth.<provider>} packages. */
    static List<RefreshDialect> dialects() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.register(DialectsOnly.class);
            context.refresh();
            return List.copyOf(context.getBeansOfType(RefreshDialect.class).values());
        }
    }

    /** The scan of {@link TokensConfiguration}, without the beans that need a database. */
    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackageClasses = RefreshDialect.class, useDefaultFilters = false,
            includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = RefreshDialect.class))
    static class DialectsOnly {
    }

    private static synchronized DatabaseBootstrap.Target migrate() {
        if (!migrated) {
            migrate(TestDatabase.get());
            migrated = true;
        }
        return TestDatabase.get();
    }

    /** Brings {@code database} to the current schema. */
    static void migrate(DatabaseBootstrap.Target database) {
        Flyway.configure().dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration").load().migrate();
    }

    /** Inserts an active connection with sealed tokens ({@code refreshToken} may be null) expiring at {@code at}. */
    UUID connection(TenantId tenant, Provider provider, String accessToken, String refreshToken, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connections (id, tenant_id, provider, external_id, status, access_token_ciphertext,
                                                 refresh_token_ciphertext, expires_at)
                        VALUES (?, ?, ?, ?, 'active', ?, ?, ?)""")
                .params(id, tenant.value(), provider.id(), "ext-" + id,
                        cipher.encrypt(accessToken, SecretBinding.accessToken(id)),
                        refreshToken == null ? null : cipher.encrypt(refreshToken, SecretBinding.refreshToken(id)),
                        expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC))
                .update();
        return id;
    }

    /** The connection's row with its tokens decrypted and {@code expires_at} as an instant. */
    Map<String, Object> row(UUID id) {
        Map<String, Object> row = new HashMap<>(jdbc.sql("""
                        SELECT status, access_token_ciphertext, refresh_token_ciphertext, expires_at,
                               last_error::text AS last_error
                        FROM connections WHERE id = ?""").param(id).query().singleRow());
        byte[] access = (byte[]) row.remove("access_token_ciphertext");
        byte[] refresh = (byte[]) row.remove("refresh_token_ciphertext");
        row.put("access_token", access == null ? null : cipher.decrypt(access, SecretBinding.accessToken(id)));
        row.put("refresh_token", refresh == null ? null : cipher.decrypt(refresh, SecretBinding.refreshToken(id)));
        Object expires = row.get("expires_at");
        row.put("expires_at", expires == null ? null : ((java.sql.Timestamp) expires).toInstant());
        return row;
    }

    void expire(UUID id, Instant at) {
        jdbc.sql("UPDATE connections SET expires_at = ? WHERE id = ?").params(at.atOffset(ZoneOffset.UTC), id)
                .update();
    }

    @Override
    public void close() {
        pool.close();
    }
}
