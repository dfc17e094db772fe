package com.poblysh.connectors.ingest.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;

class SyncJobsPropertiesTests {

    @Test
    void heartbeatsEveryThirdOfTheLease() {
        assertThat(SyncBench.PROPERTIES.heartbeat()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesAJitterAsLongAsTheInterval() {
        assertThatThrownBy(() -> new SyncJobsProperties(true, Duration.ofMinutes(1), Duration.ofMinutes(1), 1,
                Duration.ofSeconds(5), Duration.ofSeconds(60), 8, 100))
                .hasMessageContaining("jitter");
    }

    @Test
    void refusesALeaseTooShortToHeartbeat() {
        assertThatThrownBy(() -> new SyncJobsProperties(true, Duration.ofMinutes(15), Duration.ZERO, 1,
                Duration.ofSeconds(5), Duration.ofSeconds(1), 8, 100))
                .hasMessageContaining("lease");
    }

    @Test
    void refusesTwoExecutorsForOneProvider() {
        FakeProvider one = new FakeProvider(Provider.JIRA, 1);
        FakeProvider two = new FakeProvider(Provider.JIRA, 1);

        assertThatThrownBy(() -> SyncEngine.byProvider(List.of(one, two))).hasMessageContaining("jira");
        assertThat(SyncEngine.byProvider(List.of(one))).containsOnlyKeys(Provider.JIRA);
    }
}
