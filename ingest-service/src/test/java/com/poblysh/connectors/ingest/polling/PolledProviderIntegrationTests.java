package com.poblysh.connectors.ingest.polling;

import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.jobs.CredentialRefresher;
import com.poblysh.connectors.ingest.jobs.MutableClock;
import com.poblysh.connectors.ingest.jobs.PollExecutor;
import com.poblysh.connectors.ingest.jobs.SyncDriver;
import com.poblysh.connectors.ingest.jobs.SyncType;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A provider's polling end to end, for its {@code *PollingIntegrationTests}: a {@link SyncDriver} (the real engine on
 * the integration context's database and broker) with its clock, a fresh tenant and access token per test, and
 * connections whose jobs the subclass's executor runs against the subclass's fake of the provider.
 */
public abstract class PolledProviderIntegrationTests {

    private final Provider provider;

    @Autowired
    protected ApplicationContext context;

    @Autowired
    protected JsonMapper json;

    protected SyncDriver driver;
    protected MutableClock clock;
    protected UUID tenant;
    protected String token;

    protected PolledProviderIntegrationTests(Provider provider) {
        this.provider = provider;
    }

    @BeforeEach
    void aDriverATenantAndAToken() {
        driver = SyncDriver.on(context, provider);
        clock = driver.clock();
        tenant = UUID.randomUUID();
        token = provider.id() + "-token-" + UUID.randomUUID();
    }

    /** The executor under test, against the subclass's fake, reading tokens from {@link SyncDriver#storedTokens()}. */
    protected abstract PollExecutor executor();

    /** A connection of the tenant holding the token, its jobs run by {@link #executor()} with {@code refresher}. */
    protected UUID connection(CredentialRefresher refresher) {
        driver.engine(executor(), refresher, 100);
        return driver.connection(tenant, provider, token);
    }

    /** Queues a full sync of {@code connection} and runs due jobs until none is left; returns the job. */
    protected UUID fullSync(UUID connection) {
        return driver.sync(tenant, connection, provider, SyncType.FULL);
    }
}
