package com.poblysh.connectors.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import com.poblysh.connectors.common.provider.Provider;
import tools.jackson.databind.node.ObjectNode;

/**
 * One provider event, read from {@code fixtures/<provider id>/<name>.json}:
 * {@code {"event_type", "received_at"?, "handshake"?, "headers", "body", "expected"}}. A webhook fixture is a request
 * as the provider sends it; a polled fixture ({@link #polled()}, event type {@code api.<resource>}, e.g.
 * {@code fixtures/github/api-issue-open.json}) is one object as the provider's REST API answers it, with what the
 * poller adds under {@code _poblysh}, and has no headers.
 *
 * @param provider   the provider
 * @param name       the file name without {@code .json}: lowercase, the event type, then the variant, e.g.
 *                   {@code issue_updated-resolved}
 * @param eventType  the raw event type ingest-service publishes the event under, e.g. {@code jira:issue_updated}
 * @param receivedAt when ingest received it, for events that carry no time of their own; null when the file says
 *                   nothing
 * @param handshake  whether ingest-service acknowledges it and publishes nothing (GitHub {@code ping})
 * @param headers    the headers the provider sends with it, apart from what is computed per request (signature,
 *                   timestamp)
 * @param body       the body the provider sends; for Microsoft Graph one change notification without its
 *                   {@code clientState}, which {@link MicrosoftGraphWebhooks#request} wraps as Graph posts it; for a
 *                   {@link #polled()} fixture the object a poll publishes (the API's JSON, plus {@code _poblysh})
 * @param expected   the signals it must become, none for an event that is skipped
 */
public record ProviderFixture(Provider provider, String name, String eventType, Instant receivedAt,
        boolean handshake, Map<String, String> headers, ObjectNode body, List<ExpectedSignal> expected) {

    /** The event type prefix of polled objects ({@code api.issue}, {@code api.message}, ...). */
    public static final String POLLED_PREFIX = "api.";

    public ProviderFixture {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(eventType, "eventType");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body.deepCopy();
        expected = List.copyOf(expected);
    }

    /**
     * Whether this is an object a poll reads (event type {@code api.<resource>}, as poll executors publish them)
     * rather than a webhook request.
     */
    public boolean polled() {
        return eventType.startsWith(POLLED_PREFIX);
    }

    /** A copy of the body, free to change. */
    @Override
    public ObjectNode body() {
        return body.deepCopy();
    }

    /** The body as compact UTF-8 JSON: the bytes a test posts and signs. */
    public byte[] bodyBytes() {
        return ProviderFixtures.JSON.writeValueAsBytes(body);
    }

    /** The body as compact JSON text. */
    public String bodyText() {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    /** The same event with a changed body (a new id, a time of now); headers and expected signals stay the file's. */
    public ProviderFixture withBody(UnaryOperator<ObjectNode> change) {
        return new ProviderFixture(provider, name, eventType, receivedAt, handshake, headers, change.apply(body()),
                expected);
    }

    /** {@code <provider id>/<name>}, e.g. {@code jira/issue_updated-resolved}. */
    @Override
    public String toString() {
        return provider.id() + "/" + name;
    }
}
