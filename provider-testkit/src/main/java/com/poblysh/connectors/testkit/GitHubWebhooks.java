package com.poblysh.connectors.testkit;

import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;

/**
 * GitHub deliveries: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>}, the event name in
 * {@code X-GitHub-Event} and the delivery GUID in {@code X-GitHub-Delivery}.
 */
public final class GitHubWebhooks {

    /** The webhook secret the services under test are configured with. */
    public static final String SECRET = "test-github-webhook-secret";
    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    public static final String EVENT_HEADER = "X-GitHub-Event";
    public static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    /** {@code repository.id} of the fixtures' repository, {@code Codertocat/Hello-World}. */
    public static final String REPOSITORY_ID = "186853002";
    /** {@code repository.id} of {@code octocat/Hello-World}, the repository of the local run's demo issue. */
    public static final String DEMO_REPOSITORY_ID = "1296269";

    private GitHubWebhooks() {
    }

    /** The {@code X-Hub-Signature-256} value GitHub sends for {@code body} under {@code secret}. */
    public static String signature(String secret, byte[] body) {
        return "sha256=" + Hmac.sha256Hex(secret, body);
    }

    /** The fixture {@code fixtures/github/<name>.json}, e.g. {@code fixture("pull_request-opened")}. */
    public static ProviderFixture fixture(String name) {
        return ProviderFixtures.get(Provider.GITHUB, name);
    }

    /** A fresh delivery GUID, as GitHub puts in {@code X-GitHub-Delivery}. */
    public static String deliveryId() {
        return UUID.randomUUID().toString();
    }

    /** {@code fixture} as GitHub posts it: its headers (its own delivery id) and body, signed with {@code secret}. */
    public static ProviderRequest request(ProviderFixture fixture, String secret) {
        byte[] body = fixture.bodyBytes();
        return new ProviderRequest(fixture.headers(), body).withHeader(SIGNATURE_HEADER, signature(secret, body));
    }
}
