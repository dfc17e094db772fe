package com.poblysh.connectors.query;

import java.time.Instant;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretCipher;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every {@link QueryApiIntegrationTest} on the real schema works with: the API, the database, JSON, the cipher;
 * a fresh tenant per test and a base time (yesterday) to date its rows from.
 */
public abstract class RealSchemaTests {

    @Autowired
    protected ApiCalls api;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected SecretCipher cipher;

    protected UUID tenant;
    protected Instant base;

    @BeforeEach
    void aFreshTenant() {
        tenant = UUID.randomUUID();
        base = Fixtures.yesterday();
    }
}
