package com.poblysh.connectors.ingest.jobs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.poblysh.connectors.common.provider.Provider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An in-test provider behind the SPI: each connection has a list of items served in pages of {@code pageSize} with
 * cursor {@code {"offset": n}}; the last page's cursor is where new items will appear. A {@link Hook} lets a test
 * fail or replace a page. Connections it does not know (other tests' leftovers) get one empty last page. Also records
 * every call, and whether two calls for one connection ever overlapped.
 */
final class FakeProvider implements PollExecutor {

    /** What a test does to a page before it is answered; returns the page to answer. */
    @FunctionalInterface
    interface Hook {
        PollPage apply(PollContext context, int page, PollPage normal) throws PollException;
    }

    static final String EVENT_TYPE = "issues";

    private final Provider provider;
    private final int pageSize;
    private final Map<UUID, List<String>> items = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final List<PollContext> calls = new CopyOnWriteArrayList<>();
    private volatile Hook hook = (context, page, normal) -> normal;

    FakeProvider(Provider provider, int pageSize) {
        this.provider = provider;
        this.pageSize = pageSize;
    }

    /** Gives the connection {@code count} more items, named {@code <connection>:item-<i>@v1}. */
    FakeProvider addItems(UUID connection, int count) {
        List<String> list = items.computeIfAbsent(connection, c -> Collections.synchronizedList(new ArrayList<>()));
        int from = list.size();
        for (int i = from; i < from + count; i++) {
            list.add(connection + ":item-" + i + "@v1");
        }
        return this;
    }

    /** The delivery ids of the connection's items, in order. */
    List<String> deliveryIds(UUID connection) {
        return List.copyOf(items.getOrDefault(connection, List.of()));
    }

    FakeProvider hook(Hook hook) {
        this.hook = hook;
        return this;
    }

    /** Every call throws {@code failure}. */
    FakeProvider failAlways(PollException failure) {
        return hook((context, page, normal) -> {
            throw failure;
        });
    }

    /** The first call for {@code page} throws {@code failure}; every later call answers normally. */
    FakeProvider failOnce(int page, PollException failure) {
        AtomicBoolean failed = new AtomicBoolean();
        return hook((context, p, normal) -> {
            if (p == page && failed.compareAndSet(false, true)) {
                throw failure;
            }
            return normal;
        });
    }

    /** The calls made for {@code connection}, in order. */
    List<PollContext> calls(UUID connection) {
        return calls.stream().filter(c -> c.connectionId().equals(connection)).toList();
    }

    /** How often a call for a connection started while another for it was still running. */
    int overlaps() {
        return overlaps.get();
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public PollPage poll(PollContext context) throws PollException {
        calls.add(context);
        List<String> known = items.get(context.connectionId());
        if (known == null) {
            return PollPage.last(List.of(), null);
        }
        AtomicInteger running = inFlight.computeIfAbsent(context.connectionId(), c -> new AtomicInteger());
        if (running.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        try {
            int offset = context.cursor() == null ? 0 : context.cursor().path("offset").asInt();
            List<String> snapshot = List.copyOf(known);
            int end = Math.min(snapshot.size(), offset + pageSize);
            List<PolledEvent> events = snapshot.subList(Math.min(offset, end), end).stream()
                    .map(id -> event(id, context.connectionId())).toList();
            PollPage normal = end < snapshot.size() ? PollPage.more(events, cursor(end))
                    : PollPage.last(events, cursor(end));
            return hook.apply(context, offset / pageSize + 1, normal);
        } finally {
            running.decrementAndGet();
        }
    }

    static JsonNode cursor(int offset) {
        return JsonNodeFactory.instance.objectNode().put("offset", offset);
    }

    static PolledEvent event(String deliveryId, UUID connection) {
        return new PolledEvent(EVENT_TYPE, deliveryId, ("{\"id\":\"" + deliveryId + "\",\"connection\":\"" + connection
                + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
