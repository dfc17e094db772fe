package com.poblysh.connectors.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.ingest.IngestProperties;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.util.unit.DataSize;

class RawEventPublisherTests {

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, RawEvent> template = mock(KafkaTemplate.class);
    private final RawEventPublisher publisher = new RawEventPublisher(template, new IngestProperties(
            DataSize.ofMegabytes(1), Duration.ofMillis(100), Duration.ofSeconds(30)));
    private final RawEvent event = event();

    @Test
    void returnsOnceKafkaAcknowledgedTheEventKeyedByTenant() {
        given(template.send(anyString(), anyString(), any())).willReturn(
                CompletableFuture.completedFuture(new SendResult<>(null, null)));

        assertThatCode(() -> publisher.publish(event)).doesNotThrowAnyException();
        verify(template).send(eq(Topics.RAW_EVENTS.name()), eq(event.getTenantId().toString()), eq(event));
    }

    @Test
    void answers503WhenTheAcknowledgementDoesNotComeInTime() {
        given(template.send(anyString(), anyString(), any())).willReturn(new CompletableFuture<>());

        assertUnavailable();
    }

    @Test
    void answers503WhenTheSendFails() {
        given(template.send(anyString(), anyString(), any())).willReturn(
                CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s)")));

        assertUnavailable();
    }

    @Test
    void answers503WhenTheProducerRefusesTheRecordAtOnce() {
        given(template.send(anyString(), anyString(), any())).willThrow(
                new TimeoutException("Topic not present in metadata after 5000 ms"));

        assertUnavailable();
    }

    /** A send() that blocks (no metadata yet) uses up the send timeout: the 503 does not wait a second timeout. */
    @Test
    void theTimeSendBlocksCountsAgainstTheSendTimeout() {
        RawEventPublisher oneSecond = new RawEventPublisher(template, new IngestProperties(DataSize.ofMegabytes(1),
                Duration.ofSeconds(1), Duration.ofSeconds(30)));
        CountDownLatch never = new CountDownLatch(1);
        given(template.send(anyString(), anyString(), any())).willAnswer(invocation -> {
            never.await(900, TimeUnit.MILLISECONDS); // the producer waiting for metadata
            return new CompletableFuture<>();
        });

        long started = System.nanoTime();
        assertThatThrownBy(() -> oneSecond.publish(event)).isInstanceOf(ApiException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1600));
    }

    /**
     * What a real template does while the broker is away: the producer finds no metadata within max.block.ms and
     * KafkaTemplate throws that at once, wrapped in Spring's KafkaException (seen as a 500 by the fault suite).
     */
    @Test
    void answers503WhenARealProducerCannotReachTheBroker() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Serializer<RawEvent> neverReached = (topic, value) -> new byte[0];
        DefaultKafkaProducerFactory<String, RawEvent> factory = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300), new StringSerializer(), neverReached);
        try {
            RawEventPublisher real = new RawEventPublisher(new KafkaTemplate<>(factory), new IngestProperties(
                    DataSize.ofMegabytes(1), Duration.ofSeconds(1), Duration.ofSeconds(30)));

            assertThatThrownBy(() -> real.publish(event)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE));
            assertThatThrownBy(() -> real.publishAll(java.util.List.of(event, event())))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE));
        } finally {
            factory.destroy();
        }
    }

    private void assertUnavailable() {
        assertThatThrownBy(() -> publisher.publish(event)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE);
            assertThat(e.retryAfterSeconds())
                    .isEqualTo(RawEventPublisher.RETRY_AFTER_SECONDS);
        });
    }

    private static RawEvent event() {
        return RawEvent.newBuilder().setEventId(UUID.randomUUID()).setTenantId(UUID.randomUUID())
                .setProvider("github").setSource(EventSource.webhook).setEventType("push")
                .setDeliveryId("d-1").setReceivedAt(Instant.now()).setHeaders(Map.of())
                .setPayload(ByteBuffer.wrap(new byte[] {'{', '}'})).build();
    }
}
