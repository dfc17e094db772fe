package com.poblysh.connectors.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A webhook request as its provider sends it: the headers, signature included, and the body to post.
 *
 * @param headers the request headers, in the provider's order
 * @param body    the body, byte for byte as signed
 */
public record ProviderRequest(Map<String, String> headers, byte[] body) {

    public ProviderRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** {@code fixture} as its provider sends it, signed with the kit's test secrets ({@link TestSecrets}). */
    public static ProviderRequest signed(ProviderFixture fixture) {
        return switch (fixture.provider()) {
            case GITHUB -> GitHubWebhooks.request(fixture, GitHubWebhooks.SECRET);
            case JIRA -> JiraWebhooks.request(fixture, JiraWebhooks.WEBHOOK_SECRET);
            case MICROSOFT_GRAPH -> MicrosoftGraphWebhooks.request(fixture, MicrosoftGraphWebhooks.CLIENT_STATE);
            case SLACK -> SlackWebhooks.request(fixture, SlackWebhooks.SECRET, SlackWebhooks.now());
            default -> throw new IllegalArgumentException("the kit cannot sign " + fixture.provider() + " requests");
        };
    }

    /** The same request with {@code name} set to {@code value}. */
    public ProviderRequest withHeader(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(headers);
        changed.put(name, value);
        return new ProviderRequest(changed, body);
    }

    /** The {@code Content-Type} it is sent with. */
    public String contentType() {
        return headers.getOrDefault("Content-Type", "application/json");
    }
}
