package com.poblysh.connectors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class TenantsTests {

    @Test
    void countsAddUpAndAFewTenantsHoldMost() {
        int[] counts = Tenants.counts(200_000, 1_000);

        assertThat(Arrays.stream(counts).sum()).isEqualTo(200_000);
        assertThat(Arrays.stream(counts).min().getAsInt()).isPositive();
        assertThat(Tenants.topShare(counts, 10)).isGreaterThan(0.4);
    }

    @Test
    void assignmentLaysOutTheCountsInAShuffledOrder() {
        int[] order = Tenants.assignment(1_000, 10, 7);
        int[] seen = new int[10];
        for (int tenant : order) {
            seen[tenant]++;
        }

        assertThat(seen).containsExactly(Tenants.counts(1_000, 10));
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertThat(order).isNotEqualTo(sorted);
    }

    @Test
    void tenantIdsMatchTheTextFormTheBulkLoadBuilds() {
        assertThat(Tenants.id(4, 255)).hasToString("00000004-0000-4000-8000-0000000000ff");
    }
}
