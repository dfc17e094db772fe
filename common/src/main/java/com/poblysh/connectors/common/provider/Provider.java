package com.poblysh.connectors.common.provider;

import java.util.Arrays;
import java.util.Optional;

/** The providers the service knows, by their snake_case id (the {@code {provider}} path segment). */
public enum Provider {
    GITHUB("github"),
    JIRA("jira"),
    MICROSOFT_GRAPH("microsoft_graph"),
    SLACK("slack");

    private final String id;

    Provider(String id) {
        this.id = id;
    }

    /** The snake_case id, e.g. {@code microsoft_graph}. */
    public String id() {
        return id;
    }

    /**
     * The id as a Java package segment, without the underscores: {@code microsoftgraph} for {@code microsoft_graph}.
     * Each service keeps one package per provider under that name ({@code ingest.webhook.microsoftgraph},
     * {@code processor.normalize.microsoftgraph}).
     */
    public String packageName() {
        return id.replace("_", "");
    }

    /** The provider with this id; empty for anything else (callers answer 404 or 400). */
    public static Optional<Provider> fromId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
