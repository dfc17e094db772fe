package com.poblysh.connectors.query;

import com.poblysh.connectors.common.crypto.SecretCipher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** What every {@link QueryApiIntegrationTest} on the real schema works with: the API, the database, JSON, the cipher. */
public abstract class RealSchemaTests {

    @Autowired
    protected ApiCalls api;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected SecretCipher cipher;
}
