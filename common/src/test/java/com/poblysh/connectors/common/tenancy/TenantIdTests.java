package com.poblysh.connectors.common.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class TenantIdTests {

    @Test
    void parsesOnlyTheCanonicalUuidForm() {
        assertThat(TenantId.parse("3f0c1d2e-5b6a-4c7d-8e9f-0a1b2c3d4e5f").toString())
                .isEqualTo("3f0c1d2e-5b6a-4c7d-8e9f-0a1b2c3d4e5f");
        assertThatThrownBy(() -> TenantId.parse("1-1-1-1-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantId.parse("acme")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derivesTheSameEventIdForTheSameDeliveryAndAnotherForAnotherProvider() {
        UUID first = EventIds.eventId("github", "72d3162e-cc78-11e3-81ab-4c9367dc0958");

        assertThat(EventIds.eventId("github", "72d3162e-cc78-11e3-81ab-4c9367dc0958")).isEqualTo(first);
        assertThat(EventIds.eventId("jira", "72d3162e-cc78-11e3-81ab-4c9367dc0958")).isNotEqualTo(first);
        assertThat(first.version()).isEqualTo(5);
    }

    @Test
    void computesRfc9562Version5Ids() {
        // RFC 9562 appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(Uuids.nameBased(dns, "www.example.com"))
                .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    }
}
