package com.poblysh.connectors.ingest;

import java.net.http.HttpClient;
import java.time.Duration;

import com.poblysh.connectors.common.crypto.SecretCipher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** What the {@link IngestIntegrationTest}s that post over real HTTP work with: the port, a client, the database. */
public abstract class LiveIngestTests {

    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected SecretCipher cipher;

    @Autowired
    protected JsonMapper json;
}
