package com.poblysh.connectors.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.poblysh.connectors.schemas.testsupport.RegistryRequests;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry over real HTTP, answering as Confluent Schema Registry documents it; the raw calls are written so
 * that they can be replayed unchanged against another Confluent-compatible registry.
 */
class InProcessSchemaRegistryTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTENT_TYPE = RegistryRequests.CONTENT_TYPE;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    InProcessSchemaRegistry server;
    RestSchemaRegistryClient client;

    static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
    }

    static Schema v1() {
        return record("{\"name\":\"a\",\"type\":\"string\"}");
    }

    static Schema v2() {
        return record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    }

    static String registerBody(String schemaText) {
        return JSON.createObjectNode().put("schema", schemaText).toString();
    }

    record Answer(int status, String contentType, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        int errorCode() {
            return json().path("error_code").asInt(-1);
        }

        /** A Confluent error body: exactly {@code error_code} (number) and a non-blank {@code message}. */
        void isConfluentError(int expectedStatus, int expectedCode) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            JsonNode node = json();
            assertThat(node.path("error_code").isInt()).as(body).isTrue();
            assertThat(node.path("error_code").asInt()).as(body).isEqualTo(expectedCode);
            assertThat(node.path("message").isTextual()).as(body).isTrue();
            assertThat(node.path("message").asText()).as(body).isNotBlank();
        }
    }

    Answer call(String method, String path, String body) {
        HttpRequest.Builder request = RegistryRequests.of(URI.create(server.url() + path), method, body, CONTENT_TYPE);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("The registry gave no answer to " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String avsc(String name) {
        try (InputStream in = InProcessSchemaRegistryTests.class.getResourceAsStream("/avro/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void start() {
        server = InProcessSchemaRegistry.start(0);
        client = new RestSchemaRegistryClient(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void givesTheSameIdToTheSameSchemaAndAnotherToANewVersion() {
        int first = client.register("s-value", v1());
        int again = new RestSchemaRegistryClient(server.url()).register("s-value", v1());
        int second = client.register("s-value", v2());

        assertThat(again).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
        assertThat(new RestSchemaRegistryClient(server.url()).schemaById(second)).isEqualTo(v2());
    }

    @Test
    void refusesABackwardIncompatibleSchemaWith409() {
        client.register("s-value", v1());
        Schema newRequiredField = record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}");

        assertThat(client.isCompatible("s-value", newRequiredField)).isFalse();
        assertThatThrownBy(() -> client.register("s-value", newRequiredField))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void acceptsAnyChangeWhenTheSubjectCompatibilityIsNone() {
        client.register("s-value", v1());
        client.setCompatibility("s-value", "NONE");

        assertThat(client.register("s-value", record("{\"name\":\"z\",\"type\":\"long\"}"))).isPositive();
    }

    @Test
    void answersConfluentErrorCodesForUnknownIdsAndSubjects() {
        assertThatThrownBy(() -> client.schemaById(999))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThat(client.isCompatible("never-registered", v1())).isTrue();
    }

    @Test
    void checksCompatibilityAgainstTheVersionNamedInThePath() {
        client.register("s-value", v1());
        client.register("s-value", v2());
        // Reads v2's records (they carry b) but not v1's, which have no b and b has no default.
        String onlyB = registerBody(record("{\"name\":\"b\",\"type\":\"int\"}").toString());

        Answer againstLatest = call("POST", "/compatibility/subjects/s-value/versions/latest", onlyB);
        Answer againstFirst = call("POST", "/compatibility/subjects/s-value/versions/1", onlyB);

        assertThat(againstLatest.json().path("is_compatible").asBoolean()).isTrue();
        assertThat(againstFirst.json().path("is_compatible").asBoolean()).isFalse();
    }

    @Test
    void answersCompatibleForTheLatestVersionOfASubjectWithNoVersionYet() {
        Answer answer = call("POST", "/compatibility/subjects/nobody-value/versions/latest", registerBody(v1().toString()));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("is_compatible").isBoolean()).isTrue();
        assertThat(answer.json().path("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void answers404WithErrorCode40402ForACompatibilityCheckAgainstANumberedVersionThatDoesNotExist() {
        // Confluent's compatibility resource answers "version not found" even when the subject itself is unknown.
        call("POST", "/compatibility/subjects/nobody-value/versions/1", registerBody(v1().toString()))
                .isConfluentError(404, 40402);
        client.register("s-value", v1());
        call("POST", "/compatibility/subjects/s-value/versions/2", registerBody(v1().toString()))
                .isConfluentError(404, 40402);
        call("POST", "/compatibility/subjects/s-value/versions/0", registerBody(v1().toString()))
                .isConfluentError(422, 42202);
    }

    @Test
    void answersTheBareSchemaDocumentForSchemaOnlyById() {
        int id = client.register("s-value", v2());

        Answer answer = call("GET", "/schemas/ids/" + id + "/schema", null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("type").asText()).isEqualTo("record");
        assertThat(answer.json().has("schema")).isFalse();
        assertThat(new Schema.Parser().parse(answer.body())).isEqualTo(v2());
    }

    @Test
    void answersTheSchemaAsAStringWithoutSchemaTypeForAnAvroSchemaById() {
        int id = client.register("s-value", v1());

        Answer answer = call("GET", "/schemas/ids/" + id, null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith(CONTENT_TYPE);
        assertThat(answer.json().path("schema").isTextual()).isTrue();
        assertThat(new Schema.Parser().parse(answer.json().path("schema").asText())).isEqualTo(v1());
        assertThat(answer.json().has("schemaType")).isFalse();
    }

    @Test
    void answers404WithErrorCode40403ForTheSchemaOnlyOfAnUnknownId() {
        call("GET", "/schemas/ids/999/schema", null).isConfluentError(404, 40403);
    }

    @Test
    void answers422WithErrorCode42201ForASchemaThatDoesNotParse() {
        // RawEvent names EventSource without defining it, so on its own it is not a schema.
        Answer answer = call("POST", "/subjects/raw-value/versions", registerBody(avsc("RawEvent.avsc")));

        answer.isConfluentError(422, 42201);
        assertThat(answer.json().path("message").asText()).contains("EventSource");
        call("GET", "/subjects/raw-value/versions", null).isConfluentError(404, 40401);
    }

    @Test
    void answers422WithErrorCode42201ForAFieldDefaultThatDoesNotMatchItsType() {
        String badDefault = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"x\"}]}";

        call("POST", "/subjects/s-value/versions", registerBody(badDefault)).isConfluentError(422, 42201);
    }

    @Test
    void answers422WithErrorCode42201ForABodyWithoutASchema() {
        call("POST", "/subjects/s-value/versions", "{\"schemaType\":\"AVRO\"}").isConfluentError(422, 42201);
    }

    @Test
    void answers400WithErrorCode400ForABodyThatIsNotJson() {
        call("POST", "/subjects/s-value/versions", "schema=oops").isConfluentError(400, 400);
    }

    @Test
    void answers400WithErrorCode400WhenTheSchemaIsAnObjectInsteadOfAString() {
        String body = "{\"schema\":" + v1() + "}";

        call("POST", "/subjects/s-value/versions", body).isConfluentError(400, 400);
    }

    @Test
    void answers422WithErrorCode422ForAnEmptyBody() {
        call("POST", "/subjects/s-value/versions", "").isConfluentError(422, 422);
    }

    @Test
    void answersTheBareSchemaOfAVersionAndOfTheLatestVersion() {
        client.register("s-value", v1());
        client.register("s-value", v2());

        Answer first = call("GET", "/subjects/s-value/versions/1/schema", null);
        Answer latest = call("GET", "/subjects/s-value/versions/latest/schema", null);

        assertThat(first.status()).isEqualTo(200);
        assertThat(new Schema.Parser().parse(first.body())).isEqualTo(v1());
        assertThat(latest.status()).isEqualTo(200);
        assertThat(latest.json().path("type").asText()).isEqualTo("record");
        assertThat(new Schema.Parser().parse(latest.body())).isEqualTo(v2());
    }

    @Test
    void answersSubjectVersionIdAndSchemaForAVersion() {
        client.register("s-value", v1());
        int id = client.register("s-value", v2());

        JsonNode version = call("GET", "/subjects/s-value/versions/2", null).json();

        assertThat(version.path("subject").asText()).isEqualTo("s-value");
        assertThat(version.path("version").asInt()).isEqualTo(2);
        assertThat(version.path("id").asInt()).isEqualTo(id);
        assertThat(new Schema.Parser().parse(version.path("schema").asText())).isEqualTo(v2());
    }

    @Test
    void answers404WithErrorCode40402ForAVersionTheSubjectDoesNotHave() {
        client.register("s-value", v1());

        call("GET", "/subjects/s-value/versions/7", null).isConfluentError(404, 40402);
        call("GET", "/subjects/s-value/versions/7/schema", null).isConfluentError(404, 40402);
    }

    @Test
    void answers404WithErrorCode40401ForAVersionOfAnUnknownSubject() {
        call("GET", "/subjects/nobody-value/versions/1", null).isConfluentError(404, 40401);
        call("GET", "/subjects/nobody-value/versions/latest/schema", null).isConfluentError(404, 40401);
    }

    @Test
    void answers422WithErrorCode42202ForAVersionThatIsNotAVersion() {
        client.register("s-value", v1());

        call("GET", "/subjects/s-value/versions/0", null).isConfluentError(422, 42202);
        call("GET", "/subjects/s-value/versions/first/schema", null).isConfluentError(422, 42202);
    }

    @Test
    void findsARegisteredSchemaUnderItsSubject() {
        client.register("s-value", v1());
        int id = client.register("s-value", v2());

        Answer answer = call("POST", "/subjects/s-value", registerBody(v2().toString()));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("subject").asText()).isEqualTo("s-value");
        assertThat(answer.json().path("id").asInt()).isEqualTo(id);
        assertThat(answer.json().path("version").asInt()).isEqualTo(2);
        assertThat(new Schema.Parser().parse(answer.json().path("schema").asText())).isEqualTo(v2());
    }

    @Test
    void answers404WithErrorCode40401WhenLookingUpUnderAnUnknownSubject() {
        call("POST", "/subjects/nobody-value", registerBody(v1().toString())).isConfluentError(404, 40401);
    }

    @Test
    void answers404WithErrorCode40403WhenTheSchemaIsNotUnderTheSubject() {
        client.register("s-value", v1());
        client.register("other-value", v2());

        call("POST", "/subjects/s-value", registerBody(v2().toString())).isConfluentError(404, 40403);
    }

    @Test
    void answers422WithErrorCode42201WhenLookingUpASchemaThatDoesNotParse() {
        client.register("s-value", v1());

        call("POST", "/subjects/s-value", registerBody(avsc("RawEvent.avsc"))).isConfluentError(422, 42201);
    }

    @Test
    void answers404ForAnIdBeyondTheIntegerRange() {
        // Confluent's id is an Integer path parameter: one that does not convert is an unknown resource.
        call("GET", "/schemas/ids/99999999999", null).isConfluentError(404, 404);
    }
}
