package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.local.RegistryTwin.Both;
import com.poblysh.connectors.local.RegistryTwin.Expected;
import com.poblysh.connectors.schemas.AvroWireDeserializer;
import com.poblysh.connectors.schemas.InProcessSchemaRegistry;
import com.poblysh.connectors.schemas.RestSchemaRegistryClient;
import com.poblysh.connectors.schemas.SchemaRegistryException;
import com.poblysh.connectors.schemas.SerdeConfig;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.WireFormat;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.schemas.testsupport.OlderRawEventWriter;
import com.poblysh.connectors.testsupport.TestDatabase;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The pipeline against a schema registry nobody here wrote: Apicurio Registry's Confluent-compatible API, started
 * from the archive Maven fetched. The project's registry client, the wire-format serdes and the whole pipeline run
 * against it, and every raw call is sent to the in-process registry too ({@link RegistryTwin}), so the in-process
 * registry that the local run and the other tests use answers as a real one does. Where Apicurio itself answers
 * otherwise than Confluent documents, the difference is pinned in {@link #apicurioDiffersFromConfluentOnlyWhereListed}.
 * Skipped, saying what to install, where no Java 21+ is found; CI fails when it did not run (the marker file).
 */
class ApicurioConformanceTests {

    static final String SUBJECT = Topics.RAW_EVENTS.valueSubject();

    static ApicurioRegistry apicurio;
    static InProcessSchemaRegistry inProcess;
    static RegistryTwin twin;
    static LocalStack stack;
    static long startedAt;
    static Path marker;

    @BeforeAll
    static void startBothRegistries() throws IOException {
        startedAt = System.nanoTime();
        marker = Path.of(System.getProperty("poblysh.apicurio.marker", "target/apicurio-conformance-ran"));
        Files.deleteIfExists(marker);
        Path home = ApicurioRegistry.home();
        ApicurioRegistry.Java java = ApicurioRegistry.findJava().orElse(null);
        Assumptions.assumeTrue(java != null, () -> "Apicurio conformance skipped: Apicurio Registry needs Java "
                + ApicurioRegistry.MINIMUM_JAVA + "+ and none was found (this JVM is " + Runtime.version().feature()
                + ", nothing newer under " + Path.of(System.getProperty("java.home")).getParent() + " or /usr/lib/jvm)."
                + " Install a JDK 21 or newer there, or point -D" + ApicurioRegistry.JAVA_PROPERTY + "=<jdk home> or "
                + ApicurioRegistry.JAVA_ENV + " at one.");
        apicurio = ApicurioRegistry.start(home, java, Path.of("target", "apicurio-run"));
        inProcess = InProcessSchemaRegistry.start(0);
        twin = new RegistryTwin(apicurio.ccompatUrl(), inProcess.url());
        System.out.printf("Apicurio Registry up at %s with %s (Java %d) in %d ms%n", apicurio.ccompatUrl(),
                java.executable(), java.version(), (System.nanoTime() - startedAt) / 1_000_000);
    }

    @AfterAll
    static void stopEverything() throws IOException {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (inProcess != null) {
                inProcess.close();
            }
            if (apicurio != null) {
                apicurio.close();
                long millis = (System.nanoTime() - startedAt) / 1_000_000;
                Files.createDirectories(marker.toAbsolutePath().getParent());
                Files.writeString(marker, "ApicurioConformanceTests ran against Apicurio Registry at "
                        + apicurio.ccompatUrl() + ": " + twin.calls() + " registry calls in " + millis + " ms\n");
            }
        }
    }

    static Schema record(String name, String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[" + fields + "]}");
    }

    static String body(Schema schema) {
        return body(schema.toString());
    }

    static String body(String schemaText) {
        return RegistryTwin.JSON.createObjectNode().put("schema", schemaText).toString();
    }

    static Schema v1(String name) {
        return record(name, "{\"name\":\"a\",\"type\":\"string\"}");
    }

    /** v1 plus a field with a default: BACKWARD and FORWARD compatible with v1. */
    static Schema v2(String name) {
        return record(name, "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    }

    /** v1 plus a field without a default: a v3 reader cannot read v1's records, so not BACKWARD compatible. */
    static Schema newRequiredField(String name) {
        return record(name, "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}");
    }

    static String resource(String path) {
        try (InputStream in = ApicurioConformanceTests.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RawEvent sampleEvent() {
        return RawEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(UUID.randomUUID())
                .setProvider("github")
                .setSource(EventSource.webhook)
                .setEventType("issues")
                .setDeliveryId("d-" + UUID.randomUUID())
                .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setHeaders(Map.of("x-github-event", "issues"))
                .setPayload(ByteBuffer.wrap("{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    @Test
    void registersRawEventUnderTheTopicValueSubjectAndLooksItUpByIdAndBySubjectVersionAsTheInProcessRegistryDoes() {
        String rawEvent = body(RawEvent.getClassSchema());
        String versions = "/subjects/" + SUBJECT + "/versions";

        Both registered = twin.call("POST", versions, rawEvent);
        Both again = twin.call("POST", versions, rawEvent);
        twin.callWithIds("GET", "/schemas/ids/%d", registered, null);
        twin.callWithIds("GET", "/schemas/ids/%d/schema", registered, null);
        twin.call("GET", versions, null);
        Both latest = twin.call("GET", versions + "/latest", null);
        twin.call("GET", versions + "/1/schema", null);
        twin.call("GET", versions + "/latest/schema", null);
        Both lookedUp = twin.call("POST", "/subjects/" + SUBJECT, rawEvent);

        // The same calls through the project's client, against Apicurio alone.
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(apicurio.ccompatUrl());
        int id = client.register(SUBJECT, RawEvent.getClassSchema());
        assertThat(again.apicurio().id()).isEqualTo(registered.apicurio().id());
        assertThat(id).isEqualTo(registered.apicurio().id());
        assertThat(new RestSchemaRegistryClient(apicurio.ccompatUrl()).schemaById(id)).isEqualTo(RawEvent.getClassSchema());
        JsonNode version = latest.apicurio().json();
        assertThat(version.path("subject").asString()).isEqualTo(SUBJECT);
        assertThat(version.path("id").asInt()).isEqualTo(id);
        assertThat(new Schema.Parser().parse(version.path("schema").asString())).isEqualTo(RawEvent.getClassSchema());
        assertThat(lookedUp.apicurio().json().path("version").asInt()).isEqualTo(version.path("version").asInt());
    }

    @Test
    void refusesABackwardIncompatibleChangeAndAcceptsACompatibleOneAsTheInProcessRegistryDoes() {
        String versions = "/subjects/evolving-value/versions";

        Both globalLevel = twin.call("GET", "/config", null);
        Both first = twin.call("POST", versions, body(v1("Evolving")));
        Both incompatible = twin.call("POST", "/compatibility/subjects/evolving-value/versions/latest",
                body(newRequiredField("Evolving")));
        Both refused = twin.call("POST", versions, body(newRequiredField("Evolving")));
        Both compatible = twin.call("POST", "/compatibility/subjects/evolving-value/versions/latest",
                body(v2("Evolving")));
        Both second = twin.call("POST", versions, body(v2("Evolving")));
        // Reads v2's records (they carry b) but not v1's, which have no b, and b has no default.
        String onlyB = body(record("Evolving", "{\"name\":\"b\",\"type\":\"int\"}"));
        Both againstLatest = twin.call("POST", "/compatibility/subjects/evolving-value/versions/latest", onlyB);
        Both againstFirst = twin.call("POST", "/compatibility/subjects/evolving-value/versions/1", onlyB);
        Both listed = twin.call("GET", versions, null);

        assertThat(globalLevel.apicurio().json().path("compatibilityLevel").asString()).isEqualTo("BACKWARD");
        assertThat(incompatible.apicurio().json().path("is_compatible").asBoolean()).isFalse();
        assertThat(refused.apicurio().status()).isEqualTo(409);
        assertThat(refused.apicurio().errorCode()).isEqualTo(409);
        assertThat(compatible.apicurio().json().path("is_compatible").asBoolean()).isTrue();
        assertThat(second.apicurio().id()).isNotEqualTo(first.apicurio().id());
        assertThat(againstLatest.apicurio().json().path("is_compatible").asBoolean()).isTrue();
        assertThat(againstFirst.apicurio().json().path("is_compatible").asBoolean()).isFalse();
        assertThat(listed.apicurio().body()).isEqualTo("[1,2]");
    }

    @Test
    void theRegistryClientSeesARefusedChangeAsIncompatibleAndAnAcceptedOneAsANewId() {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(apicurio.ccompatUrl());
        String subject = "client-value";
        int first = client.register(subject, v1("Client"));

        assertThat(client.isCompatible("never-registered-value", v1("Client"))).isTrue();
        assertThat(client.isCompatible(subject, newRequiredField("Client"))).isFalse();
        assertThatThrownBy(() -> client.register(subject, newRequiredField("Client")))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                });
        assertThat(client.isCompatible(subject, v2("Client"))).isTrue();
        int second = client.register(subject, v2("Client"));
        assertThat(second).isNotEqualTo(first);
        assertThat(new RestSchemaRegistryClient(apicurio.ccompatUrl()).schemaById(second)).isEqualTo(v2("Client"));
    }

    @Test
    void appliesSubjectLevelCompatibilityAsTheInProcessRegistryDoes() {
        // PUT /config answers differ only by Apicurio's extra "normalize" field, pinned here.
        twin.differ("PUT", "/config/loose-value", "{\"compatibility\":\"NONE\"}",
                Expected.body(200, "{\"compatibility\":\"NONE\",\"normalize\":false}"),
                Expected.body(200, "{\"compatibility\":\"NONE\"}"));
        twin.call("POST", "/subjects/loose-value/versions", body(v1("Loose")));
        twin.call("POST", "/subjects/loose-value/versions", body(record("Other", "{\"name\":\"z\",\"type\":\"long\"}")));
        twin.call("GET", "/config/loose-value", null);

        twin.differ("PUT", "/config/strict-value", "{\"compatibility\":\"FULL\"}",
                Expected.body(200, "{\"compatibility\":\"FULL\",\"normalize\":false}"),
                Expected.body(200, "{\"compatibility\":\"FULL\"}"));
        twin.call("POST", "/subjects/strict-value/versions", body(v2("Strict")));
        // Dropping a field without a default is BACKWARD compatible, but v2 readers cannot read the result: not FULL.
        Both refused = twin.call("POST", "/subjects/strict-value/versions",
                body(record("Strict", "{\"name\":\"b\",\"type\":\"int\",\"default\":0}")));
        twin.call("PUT", "/config/strict-value", "{\"compatibility\":\"SIDEWAYS\"}");

        assertThat(refused.apicurio().status()).isEqualTo(409);
    }

    @Test
    void answersTheErrorsClientsBranchOnAsTheInProcessRegistryDoes() {
        twin.call("POST", "/subjects/errors-value/versions", body(v1("Errors")));

        twin.call("GET", "/schemas/ids/987654", null);
        twin.call("GET", "/schemas/ids/987654/schema", null);
        twin.call("GET", "/subjects/nobody-value/versions", null);
        twin.call("GET", "/subjects/nobody-value/versions/1", null);
        twin.call("GET", "/subjects/nobody-value/versions/latest/schema", null);
        twin.call("GET", "/subjects/errors-value/versions/7", null);
        twin.call("GET", "/subjects/errors-value/versions/7/schema", null);
        twin.call("POST", "/subjects/nobody-value", body(v1("Errors")));
        twin.call("POST", "/subjects/errors-value", body(v2("Errors")));
        // RawEvent.avsc names EventSource without defining it, so on its own it is not a schema.
        twin.call("POST", "/subjects/errors-value/versions", body(resource("/avro/RawEvent.avsc")));
        twin.call("POST", "/subjects/errors-value/versions",
                body("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"x\"}]}"));
        twin.call("POST", "/compatibility/subjects/nobody-value/versions/latest", body(v1("Errors")));
        twin.call("POST", "/compatibility/subjects/nobody-value/versions/1", body(v1("Errors")));
        Both missingVersion = twin.call("POST", "/compatibility/subjects/errors-value/versions/9", body(v1("Errors")));
        twin.call("GET", "/subjects/nobody-value/versions", null);

        assertThat(missingVersion.apicurio().status()).isEqualTo(404);
        assertThat(missingVersion.apicurio().errorCode()).isEqualTo(40402);
    }

    /**
     * Calls on which Apicurio answers otherwise than Confluent documents, each with both answers pinned: the
     * in-process registry keeps Confluent's. None of them is a call the pipeline or Confluent's clients make.
     */
    @Test
    void apicurioDiffersFromConfluentOnlyWhereListed() {
        twin.call("POST", "/subjects/deviations-value/versions", body(v1("Deviations")));
        String versions = "/subjects/deviations-value/versions";

        // A body without a schema: Apicurio fails internally instead of refusing the schema.
        twin.differ("POST", versions, "{\"schemaType\":\"AVRO\"}", Expected.error(500, 0), Expected.error(422, 42201));
        // No body: Apicurio calls it an invalid schema, Confluent's validation a missing entity.
        twin.differ("POST", versions, "", Expected.error(422, 42201), Expected.error(422, 422));
        // A body that is not JSON: Apicurio answers plain text.
        twin.differ("POST", versions, "schema=oops", Expected.notJson(400), Expected.error(400, 400));
        // "schema" as an object: Apicurio answers a problem document without error_code.
        Both objectSchema = twin.differ("POST", versions, "{\"schema\":" + v1("Deviations") + "}",
                Expected.error(400, -1), Expected.error(400, 400));
        // Versions that are no version: Apicurio answers version not found, Confluent invalid version.
        twin.differ("GET", versions + "/0", null, Expected.error(404, 40402), Expected.error(422, 42202));
        twin.differ("GET", versions + "/first/schema", null, Expected.error(404, 40402), Expected.error(422, 42202));
        // An id beyond the Integer range: Apicurio looks it up, Confluent's path parameter does not convert.
        twin.differ("GET", "/schemas/ids/99999999999", null, Expected.error(404, 40403), Expected.error(404, 404));
        // A schema type Confluent does not have: Apicurio registers its XML artifacts under the ccompat API too.
        twin.differ("POST", "/subjects/deviations-xml-value/versions", "{\"schemaType\":\"XML\",\"schema\":\"<x/>\"}",
                Expected.status(200), Expected.error(422, 42201));
        // A schema type nobody has: Apicurio fails internally.
        twin.differ("POST", versions, "{\"schemaType\":\"COBOL\",\"schema\":\"01 R.\"}",
                Expected.error(500, 0), Expected.error(422, 42201));
        // Unknown resources and methods: Apicurio answers with an empty body.
        twin.differ("GET", "/no-such-resource", null, Expected.notJson(404), Expected.error(404, 404));
        twin.differ("DELETE", "/schemas/ids/1", null, Expected.notJson(405), Expected.error(405, 405));

        assertThat(objectSchema.apicurio().json().has("error_code")).isFalse();
    }

    @Test
    void serializerAndDeserializerRoundTripThroughApicurio() {
        RawEvent event = sampleEvent();

        byte[] framed = Topics.RAW_EVENTS.valueSerializer(SerdeConfig.of(apicurio.ccompatUrl()))
                .serialize(Topics.RAW_EVENTS.name(), event);
        // A new client, so the schema is read back from Apicurio, not from the serializer's cache.
        RawEvent back = Topics.RAW_EVENTS.valueDeserializer(SerdeConfig.of(apicurio.ccompatUrl()))
                .deserialize(Topics.RAW_EVENTS.name(), framed);

        assertThat(back).isEqualTo(event);
        assertThat(framed[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(WireFormat.schemaId(framed))
                .isEqualTo(new RestSchemaRegistryClient(apicurio.ccompatUrl()).register(SUBJECT, RawEvent.getClassSchema()));
    }

    @Test
    void deserializerReadsARecordWrittenWithAnOlderSchemaRegisteredInApicurio() throws IOException {
        // An older writer without the optional delivery_id and headers fields, as a past producer would send it.
        int id = new RestSchemaRegistryClient(apicurio.ccompatUrl()).register("apicurio-evolution-value",
                OlderRawEventWriter.SCHEMA);
        byte[] framed = OlderRawEventWriter.polledIssuesEvent(id);

        RawEvent read = new AvroWireDeserializer<>(new RestSchemaRegistryClient(apicurio.ccompatUrl()), RawEvent.class)
                .deserialize("apicurio-evolution", framed);

        assertThat(read.getEventType()).isEqualTo("issues");
        assertThat(read.getSource()).isEqualTo(EventSource.poll);
        assertThat(read.getDeliveryId()).isNull();
        assertThat(read.getHeaders()).isEmpty();
    }

    @Test
    void signedGithubWebhookBecomesASignalWithIngestAndProcessorOnApicurio() {
        DatabaseBootstrap.Target db = TestDatabase.get();
        stack = LocalStack.start(LocalStackSettings.fromEnvironment(Map.of())
                .onFreePorts(db.url(), db.user(), db.password())
                .withExternal(null, apicurio.ccompatUrl()));
        PipelineClient client = new PipelineClient(stack);
        UUID tenant = client.connectedTenant(Provider.GITHUB);
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        HttpResponse<String> accepted = client.postSignedIssue(tenant, UUID.randomUUID().toString(), createdAt);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        List<JsonNode> signals = await().atMost(Duration.ofSeconds(30))
                .until(() -> client.signals(tenant), list -> list.size() == 1);
        assertThat(signals.get(0).path("kind").asString()).isEqualTo("issue_created");
        assertThat(signals.get(0).path("title").asString()).isEqualTo("Found a bug");
        assertThat(Instant.parse(signals.get(0).path("occurred_at").asString())).isEqualTo(createdAt);
        // The raw event on Kafka names the schema Apicurio gave RawEvent under the topic's value subject.
        assertThat(stack.registryUrl()).isEqualTo(apicurio.ccompatUrl());
        List<ConsumerRecord<String, byte[]>> records = client.recordsFor(Topics.RAW_EVENTS.name(), tenant,
                Duration.ofSeconds(5));
        assertThat(records).hasSize(1);
        JsonNode latest = RegistryTwin.JSON.readTree(client.send(HttpRequest.newBuilder(
                URI.create(apicurio.ccompatUrl() + "/subjects/" + SUBJECT + "/versions/latest")).GET().build()).body());
        assertThat(WireFormat.schemaId(records.get(0).value())).isEqualTo(latest.path("id").asInt());
        assertThat(new Schema.Parser().parse(latest.path("schema").asString())).isEqualTo(RawEvent.getClassSchema());
    }
}
