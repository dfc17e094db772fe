package com.poblysh.connectors.reliability;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.poblysh.connectors.common.tenancy.TenantId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Core does: for every tenant, keep the last {@code next_cursor} of {@code GET /signals?order=stored} and read
 * again, a few times a second, through every fault. Records when each signal was first seen and how many times it
 * was served, so the suite can check that a reader sees every stored signal exactly once.
 */
final class CoreReader implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LIMIT = 100;

    /** A signal as the reader met it: when first (on {@link Elapsed}), and how many times it was served. */
    static final class Seen {
        final long firstSeenAt;
        final AtomicInteger times = new AtomicInteger();

        Seen(long firstSeenAt) {
            this.firstSeenAt = firstSeenAt;
        }
    }

    private final String queryUrl;
    private final String token;
    private final List<TenantId> tenants;
    private final Map<TenantId, String> cursors = new ConcurrentHashMap<>();
    private final Map<UUID, Seen> seen = new ConcurrentHashMap<>();
    private final AtomicLong failedReads = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "core-reader");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "core-reader-http");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).executor(callbacks).build();

    CoreReader(String queryUrl, String token, List<TenantId> tenants) {
        this.queryUrl = queryUrl;
        this.token = token;
        this.tenants = List.copyOf(tenants);
    }

    CoreReader start() {
        scheduler.scheduleWithFixedDelay(this::readAll, 0, 300, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Every tenant at once, each page after page until a page is not full. */
    private void readAll() {
        CompletableFuture<?>[] reads = tenants.stream().map(this::read).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(reads).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            failedReads.incrementAndGet(); // the next round continues from the cursors kept
        }
    }

    private CompletableFuture<Void> read(TenantId tenant) {
        String cursor = cursors.get(tenant);
        String query = "order=stored&limit=" + LIMIT
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(queryUrl + "/signals?" + query))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("X-Tenant-Id", tenant.toString())
                .GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null || response.statusCode() != 200) {
                failedReads.incrementAndGet();
                return false;
            }
            long now = Elapsed.now();
            JsonNode page = JSON.readTree(response.body());
            int count = 0;
            for (JsonNode signal : page.path("signals")) {
                seen.computeIfAbsent(UUID.fromString(signal.path("id").asString()), id -> new Seen(now))
                        .times.incrementAndGet();
                count++;
            }
            JsonNode next = page.path("next_cursor");
            if (!next.isNull() && !next.isMissingNode()) {
                cursors.put(tenant, next.asString());
            }
            return count == LIMIT;
        }).thenCompose(full -> full ? read(tenant) : CompletableFuture.completedFuture(null));
    }

    Map<UUID, Seen> seen() {
        return seen;
    }

    long failedReads() {
        return failedReads.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        callbacks.shutdownNow();
    }
}
