package com.poblysh.connectors.schemas.testsupport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/** Requests to a Confluent-compatible schema registry, as the tests that talk to one over HTTP send them. */
public final class RegistryRequests {

    /** The registry's media type, for request bodies and {@code Accept}. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private RegistryRequests() {
    }

    /** {@code method} on {@code uri} accepting {@code accept}; a non-null {@code body} goes as the registry type. */
    public static HttpRequest.Builder of(URI uri, String method, String body, String accept) {
        HttpRequest.BodyPublisher content = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", accept).method(method, content);
        return body == null ? request : request.header("Content-Type", CONTENT_TYPE);
    }
}
