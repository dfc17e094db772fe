package com.poblysh.connectors.ingest.overload;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * One token bucket (Bucket4j) per key (a source address, a tenant): {@code rate} a second sustained, {@code burst}
 * at once. The buckets are held in a bounded cache (Caffeine, least recently used dropped first, and dropped after
 * a minute unused, when a bucket would be full again anyway), so a flood of new keys costs bounded memory.
 */
final class RateLimits {

    private final long rate;
    private final long burst;
    private final Cache<String, Bucket> buckets;

    RateLimits(long rate, long burst, long trackedKeys) {
        this.rate = rate;
        this.burst = Math.max(burst, rate);
        this.buckets = Caffeine.newBuilder().maximumSize(trackedKeys).expireAfterAccess(Duration.ofMinutes(1))
                .build();
    }

    /** Takes one token of {@code key}'s bucket: 0 when taken, else the whole seconds until one is there. */
    long tryAcquire(String key) {
        Bucket bucket = buckets.get(key == null ? "" : key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(rate, Duration.ofSeconds(1))).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }
}
