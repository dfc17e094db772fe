package com.poblysh.connectors.processor.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Dedupe keys keep the format every stored signal was written with. */
class DedupeKeyTests {

    private static final UUID EVENT = UUID.fromString("0b3e8f4c-4a8e-5a6e-9d21-0f3c1f1f2a5b");

    @Test
    void aDeliveryIsKeyedByProviderAndDeliveryId() {
        assertThat(DedupeKey.of(Provider.MICROSOFT_GRAPH, "72d3162e", EVENT).value())
                .isEqualTo("microsoft_graph:72d3162e");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void withoutADeliveryIdTheEventIdKeysIt(String deliveryId) {
        assertThat(DedupeKey.of(Provider.JIRA, deliveryId, EVENT).value())
                .isEqualTo("jira:event:0b3e8f4c-4a8e-5a6e-9d21-0f3c1f1f2a5b");
    }

    @Test
    void laterSignalsOfOneEventAppendTheirPosition() {
        DedupeKey first = DedupeKey.of(Provider.GITHUB, "d1", EVENT);

        assertThat(first.signal(0)).isSameAs(first);
        assertThat(first.signal(1).value()).isEqualTo("github:d1#1");
        assertThat(first.signal(2).value()).isEqualTo("github:d1#2");
        assertThatThrownBy(() -> first.signal(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseReadsWhatWasStored() {
        DedupeKey key = DedupeKey.of(Provider.SLACK, "Ev0PV52K21", EVENT).signal(1);

        assertThat(DedupeKey.parse(key.value())).isEqualTo(key).hasSameHashCodeAs(key).hasToString("slack:Ev0PV52K21#1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "github", "github:", "myspace:d1", ":d1", "microsoftgraph:d1"})
    void parseRefusesWhatIsNoKey(String text) {
        assertThatThrownBy(() -> DedupeKey.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anObjectVersionIsKeyedByProviderAndIdentityWhateverDeliveredIt() {
        assertThat(DedupeKey.ofObject(Provider.GITHUB, "issue:1347@2026-01-02T03:04:05Z").value())
                .isEqualTo("github:issue:1347@2026-01-02T03:04:05Z");
        assertThat(DedupeKey.parse(DedupeKey.ofObject(Provider.JIRA, "issue:10002#changelog:10400").value()))
                .isEqualTo(DedupeKey.ofObject(Provider.JIRA, "issue:10002#changelog:10400"));
        assertThatThrownBy(() -> DedupeKey.ofObject(Provider.SLACK, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
