package com.poblysh.connectors.ingest.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.ProviderCatalogue;
import com.poblysh.connectors.common.provider.ProviderDescriptor;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.jobs.PollExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code GET /providers} says {@code polling} exactly for the providers the running service polls. */
@IngestIntegrationTest
class PolledProvidersTests {

    @Autowired
    List<PollExecutor> executors;

    @Test
    void theCatalogueSaysPollingForExactlyTheProvidersWithAnExecutor() {
        List<Provider> polled = ProviderCatalogue.all().stream().filter(ProviderDescriptor::polling)
                .map(ProviderDescriptor::provider).toList();

        assertThat(executors).extracting(PollExecutor::provider).containsExactlyInAnyOrderElementsOf(polled);
        assertThat(polled).containsExactlyInAnyOrder(Provider.GITHUB, Provider.JIRA, Provider.MICROSOFT_GRAPH);
    }
}
