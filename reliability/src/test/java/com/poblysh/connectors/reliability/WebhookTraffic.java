package com.poblysh.connectors.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import com.poblysh.connectors.testkit.ProviderFixture;
import tools.jackson.databind.node.ObjectNode;

/**
 * The load generator: signed GitHub {@code issues.opened} deliveries for many tenants, each with its own delivery id
 * and issue, posted to ingest-service, every answer recorded. It behaves like a provider that redelivers: an
 * attempt without a 202 (no answer, 429, 5xx) is sent again with the same delivery id and bytes after 1, 2, 4 and 8
 * s (longer when {@code Retry-After} asks), so an answer lost after Kafka took the event is also a duplicate the
 * pipeline must absorb. Poison deliveries are signed and valid JSON but lack the issue's time: ingest accepts them,
 * the processor must dead-letter them.
 */
final class WebhookTraffic implements AutoCloseable {

    static final int NO_ANSWER = -1;
    /** GitHub gives up on a delivery after 10 s. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_ATTEMPTS = 5;

    private static final ProviderFixture ISSUE_OPENED = GitHubWebhooks.fixture("issues-opened-minimal");
    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([0-9a-f-]{36})\"");

    /** One answer (or its absence) to one attempt; times on {@link Elapsed}. */
    record Attempt(int status, long sentAt, long answeredAt) {
        long latency() {
            return answeredAt - sentAt;
        }

        boolean throttled() {
            return status == 429 || status == 503;
        }
    }

    /** One delivery (a delivery id) and everything that happened to it. */
    static final class Delivery {
        final String id;
        final TenantId tenant;
        final String phase;
        final boolean poison;
        final byte[] body;
        final String signature;
        final UUID eventId;
        final UUID signalId;
        final int maxAttempts;
        final List<Attempt> attempts = new CopyOnWriteArrayList<>();
        volatile UUID answeredEventId;
        volatile long acceptedAt = -1;
        volatile boolean settled;

        Delivery(long number, TenantId tenant, String phase, boolean poison, int maxAttempts) {
            this.id = UUID.randomUUID().toString();
            this.tenant = tenant;
            this.phase = phase;
            this.poison = poison;
            this.maxAttempts = maxAttempts;
            this.body = poison ? poisonBody(number) : issueBody(number, phase);
            this.signature = GitHubWebhooks.signature(GitHubWebhooks.SECRET, body);
            this.eventId = EventIds.eventId(Provider.GITHUB, id);
            // GitHub events are keyed by delivery: github:<delivery id> (DedupeKey.of).
            this.signalId = EventIds.signalId(tenant, Provider.GITHUB.id() + ":" + id);
        }

        boolean accepted() {
            return acceptedAt >= 0;
        }

        long sentAt() {
            return attempts.isEmpty() ? -1 : attempts.get(0).sentAt();
        }
    }

    /** A stream of deliveries at a steady rate; {@link #stop()} ends it. */
    final class Stream {
        private final ScheduledFuture<?> ticks;

        private Stream(ScheduledFuture<?> ticks) {
            this.ticks = ticks;
        }

        void stop() {
            ticks.cancel(false);
        }
    }

    private final String ingestUrl;
    private final List<TenantId> tenants;
    private final AtomicLong numbers = new AtomicLong();
    private final Map<String, List<Delivery>> byPhase = new ConcurrentHashMap<>();
    private final AtomicInteger unsettled = new AtomicInteger();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("traffic"));
    private final ExecutorService callbacks = Executors.newFixedThreadPool(4, daemon("traffic-http"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).executor(callbacks).build();
    private volatile boolean closed;

    WebhookTraffic(String ingestUrl, List<TenantId> tenants) {
        this.ingestUrl = ingestUrl;
        this.tenants = List.copyOf(tenants);
    }

    /**
     * {@code perSecond} new deliveries a second for {@code phase} (open loop: sent when due, whatever the answers),
     * every {@code poisonEvery}-th one poison (0: none).
     */
    Stream steady(String phase, double perSecond, int poisonEvery) {
        long start = System.nanoTime();
        AtomicLong sent = new AtomicLong();
        return new Stream(scheduler.scheduleAtFixedRate(() -> {
            long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond) + 1;
            while (sent.get() < due && !closed) {
                long n = sent.incrementAndGet();
                send(phase, poisonEvery > 0 && n % poisonEvery == 0, MAX_ATTEMPTS);
            }
        }, 0, 10, TimeUnit.MILLISECONDS));
    }

    /** {@code count} good deliveries at once. */
    List<Delivery> burst(String phase, int count) {
        List<Delivery> burst = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            burst.add(send(phase, false, MAX_ATTEMPTS));
        }
        return burst;
    }

    /**
     * A closed loop of {@code senders} senders, each posting its next delivery when the previous one is answered,
     * for {@code duration}, one attempt each: what ingest can answer (202s a second) when nothing waits to send.
     */
    double capacity(String phase, int senders, Duration duration) {
        long end = Elapsed.now() + duration.toMillis();
        AtomicInteger running = new AtomicInteger(senders);
        List<Delivery> probe = new CopyOnWriteArrayList<>();
        long started = Elapsed.now();
        for (int i = 0; i < senders; i++) {
            loop(phase, end, running, probe);
        }
        org.awaitility.Awaitility.await("capacity probe").atMost(duration.plus(REQUEST_TIMEOUT).plusSeconds(5))
                .pollInterval(Duration.ofMillis(50)).until(() -> running.get() == 0);
        long accepted = probe.stream().filter(d -> d.accepted() && d.acceptedAt <= end).count();
        return accepted * 1000.0 / Math.max(1, Math.min(end, Elapsed.now()) - started);
    }

    private void loop(String phase, long end, AtomicInteger running, List<Delivery> probe) {
        if (Elapsed.now() >= end || closed) {
            running.decrementAndGet();
            return;
        }
        Delivery delivery = send(phase, false, 1, d -> loop(phase, end, running, probe));
        probe.add(delivery);
    }

    private Delivery send(String phase, boolean poison, int maxAttempts) {
        return send(phase, poison, maxAttempts, d -> { });
    }

    private Delivery send(String phase, boolean poison, int maxAttempts, java.util.function.Consumer<Delivery> then) {
        long number = numbers.incrementAndGet();
        Delivery delivery = new Delivery(number, tenants.get((int) (number % tenants.size())), phase, poison,
                maxAttempts);
        byPhase.computeIfAbsent(phase, p -> Collections.synchronizedList(new ArrayList<>())).add(delivery);
        unsettled.incrementAndGet();
        attempt(delivery, then);
        return delivery;
    }

    private void attempt(Delivery delivery, java.util.function.Consumer<Delivery> then) {
        long sentAt = Elapsed.now();
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + "/webhooks/github/" + delivery.tenant))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(GitHubWebhooks.EVENT_HEADER, "issues")
                .header(GitHubWebhooks.DELIVERY_HEADER, delivery.id)
                .header("X-GitHub-Hook-ID", "109948940")
                .header(GitHubWebhooks.SIGNATURE_HEADER, delivery.signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            long answeredAt = Elapsed.now();
            int status = error != null ? NO_ANSWER : response.statusCode();
            delivery.attempts.add(new Attempt(status, sentAt, answeredAt));
            if (status == 202) {
                Matcher m = EVENT_ID.matcher(response.body());
                delivery.answeredEventId = m.find() ? UUID.fromString(m.group(1)) : null;
                delivery.acceptedAt = answeredAt;
                settle(delivery, then);
                return;
            }
            boolean retryable = status == NO_ANSWER || status == 429 || status >= 500;
            if (!retryable || delivery.attempts.size() >= delivery.maxAttempts || closed) {
                settle(delivery, then);
                return;
            }
            long delay = 1000L << (delivery.attempts.size() - 1);
            if (response != null) {
                long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(0);
                delay = Math.max(delay, Math.min(retryAfter, 10) * 1000);
            }
            scheduler.schedule(() -> attempt(delivery, then), delay, TimeUnit.MILLISECONDS);
        });
    }

    private void settle(Delivery delivery, java.util.function.Consumer<Delivery> then) {
        delivery.settled = true;
        unsettled.decrementAndGet();
        then.accept(delivery);
    }

    /** Deliveries still waiting for an answer or a retry. */
    int unsettled() {
        return unsettled.get();
    }

    IntSupplier sentIn(String phase) {
        return () -> deliveries(phase).size();
    }

    List<Delivery> deliveries(String phase) {
        List<Delivery> list = byPhase.get(phase);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** The phases that sent something, in no particular order. */
    java.util.Set<String> phases() {
        return java.util.Set.copyOf(byPhase.keySet());
    }

    List<Delivery> all() {
        List<Delivery> all = new ArrayList<>();
        byPhase.keySet().forEach(p -> all.addAll(deliveries(p)));
        return all;
    }

    private static byte[] issueBody(long number, String phase) {
        String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return ISSUE_OPENED.withBody(body -> {
            ObjectNode issue = (ObjectNode) body.get("issue");
            issue.put("number", number).put("title", "Reliability " + phase + " #" + number)
                    .put("html_url", "https://github.com/octocat/Hello-World/issues/" + number)
                    .put("created_at", at).put("updated_at", at);
            return body;
        }).bodyBytes();
    }

    /**
     * Signed, valid JSON naming the tenant's repository, an {@code issues.opened} without the issue's time: ingest
     * binds and accepts it, the processor cannot make a signal.
     */
    private static byte[] poisonBody(long number) {
        return ("{\"action\":\"opened\",\"issue\":{\"number\":" + number + ",\"title\":\"poison #" + number
                + "\"},\"repository\":{\"id\":" + TenantConnections.REPOSITORY_ID
                + ",\"full_name\":\"octocat/Hello-World\"},\"sender\":{\"login\":\"octocat\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        callbacks.shutdownNow();
    }
}
