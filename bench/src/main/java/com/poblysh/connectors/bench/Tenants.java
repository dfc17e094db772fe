package com.poblysh.connectors.bench;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Tenant ids and skew of the scenarios. Tenant {@code i} of scenario {@code s} is
 * {@code <s as 8 hex digits>-0000-4000-8000-<i as 12 hex digits>}, so SQL can build the same ids. Skew follows
 * Zipf: tenant {@code i} (from 1) gets a share proportional to {@code 1 / i^1.1}, so with 1,000 tenants the
 * largest holds about 18% of all events and the top 10 about half.
 */
final class Tenants {

    static final double EXPONENT = 1.1;

    private Tenants() {
    }

    static UUID id(int scenario, int index) {
        return new UUID(((long) scenario << 32) | 0x4000L, 0x8000_0000_0000_0000L | index);
    }

    /** {@code total} split over {@code tenants} by Zipf weight, every tenant getting at least one when possible. */
    static int[] counts(int total, int tenants) {
        double[] weights = new double[tenants];
        double sum = 0;
        for (int i = 0; i < tenants; i++) {
            weights[i] = 1.0 / Math.pow(i + 1, EXPONENT);
            sum += weights[i];
        }
        int[] counts = new int[tenants];
        int assigned = 0;
        int floor = total >= tenants ? 1 : 0;
        for (int i = 0; i < tenants; i++) {
            counts[i] = Math.max(floor, (int) Math.floor(total * weights[i] / sum));
            assigned += counts[i];
        }
        // the remainder (or excess from the floor of one) is settled on the largest tenant
        counts[0] += total - assigned;
        return counts;
    }

    /** Tenant index of every event: {@link #counts} laid out and shuffled, so the topic interleaves tenants. */
    static int[] assignment(int total, int tenants, long seed) {
        int[] counts = counts(total, tenants);
        int[] order = new int[total];
        int k = 0;
        for (int t = 0; t < tenants; t++) {
            for (int c = 0; c < counts[t]; c++) {
                order[k++] = t;
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = total - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Share of all events held by the {@code top} largest tenants. */
    static double topShare(int[] counts, int top) {
        long sum = 0;
        long head = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i];
            if (i < top) {
                head += counts[i];
            }
        }
        return sum == 0 ? 0 : (double) head / sum;
    }
}
