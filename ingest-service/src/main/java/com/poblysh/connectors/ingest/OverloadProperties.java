package com.poblysh.connectors.ingest;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How ingest-service bounds the work a flood of webhooks can make ({@code poblysh.ingest.overload.*}). Checked in
 * this order, before the body is read or any signature computed: the source address's rate, the tenant's rate
 * (both answered 429 with {@code Retry-After}), then the in-flight cap (503 with {@code Retry-After}, at once).
 *
 * @param addressRate        webhooks a second one source address may send, sustained
 *                           ({@code POBLYSH_INGEST_ADDRESS_RATE}, default 1000). Providers send from a few addresses
 *                           for all their customers, so this is a ceiling against one abusive client, not a
 *                           share. Behind a proxy the address is the client's only with
 *                           {@code server.forward-headers-strategy} set ({@code SERVER_FORWARD_HEADERS_STRATEGY=native});
 *                           otherwise every request is the proxy's.
 * @param addressBurst       webhooks one address may send at once above its rate
 *                           ({@code POBLYSH_INGEST_ADDRESS_BURST}, default 2000)
 * @param tenantRate         webhooks a second one tenant's path may receive, sustained
 *                           ({@code POBLYSH_INGEST_TENANT_RATE}, default 100)
 * @param tenantBurst        webhooks one tenant may receive at once above its rate
 *                           ({@code POBLYSH_INGEST_TENANT_BURST}, default 500)
 * @param trackedKeys        addresses and tenants whose rate is tracked at once, each (least recently seen dropped
 *                           first; {@code POBLYSH_INGEST_RATE_TRACKED_KEYS}, default 100000)
 * @param maxInFlight        webhooks handled at once by one instance; the next is answered 503 at once
 *                           ({@code POBLYSH_INGEST_MAX_IN_FLIGHT}, default 64, below Tomcat's 200 threads so the 503 is
 *                           answered by a free thread instead of waiting in Tomcat's queue)
 * @param inFlightRetryAfter {@code Retry-After} of that 503 ({@code POBLYSH_INGEST_IN_FLIGHT_RETRY_AFTER}, default 1s)
 * @param unknownTenantLookups database lookups at once of tenants this instance has not seen with a connection
 *                           ({@code POBLYSH_INGEST_UNKNOWN_TENANT_LOOKUPS}, default 2, below the pool's size): a flood
 *                           of random tenant ids waits for these instead of taking every connection of the pool
 * @param unknownTenantWait  how long a request waits for such a lookup before it is answered 503
 *                           ({@code POBLYSH_INGEST_UNKNOWN_TENANT_WAIT}, default 500ms)
 * @param knownTenantWait    how long a webhook of a tenant whose connections this instance holds (their time to live
 *                           over) waits for them to be read again before the ones it holds are used, for at most
 *                           10 minutes more ({@code POBLYSH_INGEST_KNOWN_TENANT_WAIT}, default 500ms): a slow or
 *                           unreachable database does not stop known connections' webhooks, while a healthy one
 *                           still ends a revoked connection's secret within the time to live
 * @param maxUnknownTenants  tenants without a connection remembered (for the secret cache's time to live), apart from
 *                           the tenants that have one, so a flood of random ids never evicts a genuine tenant's
 *                           secrets ({@code POBLYSH_INGEST_MAX_UNKNOWN_TENANTS}, default 10000)
 */
@Validated
@ConfigurationProperties("poblysh.ingest.overload")
public record OverloadProperties(
        @Min(1) @DefaultValue("1000") long addressRate,
        @Min(1) @DefaultValue("2000") long addressBurst,
        @Min(1) @DefaultValue("100") long tenantRate,
        @Min(1) @DefaultValue("500") long tenantBurst,
        @Min(1) @DefaultValue("100000") long trackedKeys,
        @Min(1) @DefaultValue("64") int maxInFlight,
        @NotNull @DefaultValue("1s") Duration inFlightRetryAfter,
        @Min(1) @DefaultValue("2") int unknownTenantLookups,
        @NotNull @DefaultValue("500ms") Duration unknownTenantWait,
        @NotNull @DefaultValue("500ms") Duration knownTenantWait,
        @Min(1) @DefaultValue("10000") int maxUnknownTenants) {

    /** The defaults (tests and tools that build services by hand). */
    public static OverloadProperties defaults() {
        return new OverloadProperties(1000, 2000, 100, 500, 100_000, 64, Duration.ofSeconds(1), 2,
                Duration.ofMillis(500), Duration.ofMillis(500), 10_000);
    }
}
