package com.poblysh.connectors.common.provider;

import java.util.List;

/**
 * What a provider offers, as {@code GET /providers} lists it.
 *
 * @param provider    the provider
 * @param authType    how a connection authenticates, e.g. {@code oauth2}
 * @param scopes      OAuth scopes requested when connecting
 * @param webhooks    whether the provider pushes events to {@code /webhooks/{provider}/...}
 * @param polling     whether connections are also polled (backfill, missed events)
 * @param signalKinds the kinds its events normalize into
 */
public record ProviderDescriptor(Provider provider, String authType, List<String> scopes, boolean webhooks,
        boolean polling, List<SignalKind> signalKinds) {

    public ProviderDescriptor {
        scopes = List.copyOf(scopes);
        signalKinds = List.copyOf(signalKinds);
    }

    /** The snake_case provider id, e.g. {@code microsoft_graph}. */
    public String name() {
        return provider.id();
    }
}
