package com.poblysh.connectors.ingest.webhook;

import static com.poblysh.connectors.testkit.GitHubWebhooks.SECRET;
import static com.poblysh.connectors.testkit.GitHubWebhooks.fixture;
import static com.poblysh.connectors.testkit.GitHubWebhooks.signature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willAnswer;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Ingest's overload bounds (OverloadProperties), with limits small enough to reach in a test: a tenant's rate and a
 * source address's rate answer 429 with Retry-After before any signature is checked, and the in-flight cap answers
 * 503 with Retry-After at once instead of queueing behind a slow Kafka.
 */
@WebhookSliceTest
@TestPropertySource(properties = {
        "poblysh.ingest.overload.tenant-rate=1", "poblysh.ingest.overload.tenant-burst=3",
        "poblysh.ingest.overload.address-rate=1", "poblysh.ingest.overload.address-burst=12",
        "poblysh.ingest.overload.max-in-flight=1", "poblysh.ingest.overload.in-flight-retry-after=2s"})
class OverloadBoundsTests {

    private static final byte[] BODY = fixture("issues-opened-minimal").bodyBytes();

    @Autowired
    MockMvc mvc;

    @Autowired
    RawEventPublisher publisher;

    @Test
    void aTenantOverItsRateIsAnswered429WithRetryAfterBeforeItsSignatureIsChecked() throws Exception {
        UUID tenant = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            mvc.perform(delivery(tenant, SECRET, "198.51.100.1")).andExpect(status().isAccepted());
        }
        // A forged request is refused for the rate, not for its signature: no HMAC was computed for it.
        mvc.perform(delivery(tenant, "guessed", "198.51.100.1")).andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.code").value("RATE_LIMITED"));
        mvc.perform(delivery(tenant, SECRET, "198.51.100.1")).andExpect(status().isTooManyRequests());
        // Another tenant on the same address still gets through.
        mvc.perform(delivery(UUID.randomUUID(), SECRET, "198.51.100.1")).andExpect(status().isAccepted());
    }

    @Test
    void anAddressOverItsRateIsAnswered429WhateverTenantItNames() throws Exception {
        // Each request names a new tenant: only the address's bucket (12 at once, 1 a second after) runs dry.
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 20; i++) {
            int status = mvc.perform(delivery(UUID.randomUUID(), "guessed", "198.51.100.2")).andReturn()
                    .getResponse().getStatus();
            if (status == 429) {
                limited++;
            } else {
                assertThat(status).as("a forged request within the rate").isEqualTo(401);
                accepted++;
            }
        }
        assertThat(limited).as("requests over the address's burst").isPositive();
        assertThat(accepted).as("requests within the address's burst").isLessThanOrEqualTo(13);
    }

    @Test
    void overTheInFlightCapTheNextWebhookIsAnswered503AtOnce() throws Exception {
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        willAnswer(call -> {
            publishing.countDown();
            release.await(10, TimeUnit.SECONDS); // Kafka slow to acknowledge
            return null;
        }).given(publisher).publish(any());
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
            try {
                return mvc.perform(delivery(UUID.randomUUID(), SECRET, "198.51.100.3")).andReturn().getResponse()
                        .getStatus();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(publishing.await(10, TimeUnit.SECONDS)).as("first webhook publishing").isTrue();
            long started = System.nanoTime();
            mvc.perform(delivery(UUID.randomUUID(), SECRET, "198.51.100.3"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "2"))
                    .andExpect(jsonPath("$.code").value("SERVICE_UNAVAILABLE"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        } finally {
            release.countDown();
        }
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(202);
        mvc.perform(delivery(UUID.randomUUID(), SECRET, "198.51.100.3")).andExpect(status().isAccepted());
    }

    /** A GitHub delivery for {@code tenant} signed with {@code secret}, from an address of its own per call site. */
    private static MockHttpServletRequestBuilder delivery(UUID tenant, String secret, String address) {
        return post("/webhooks/github/{tenant}", tenant).with(request -> {
                    request.setRemoteAddr(address);
                    return request;
                }).contentType(MediaType.APPLICATION_JSON).content(BODY)
                .header("X-GitHub-Event", "issues").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", signature(secret, BODY));
    }
}
