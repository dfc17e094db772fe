package com.poblysh.connectors.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InProcessSchemaRegistryTests {

    InProcessSchemaRegistry server;
    RestSchemaRegistryClient client;

    static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
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
        Schema v1 = record("{\"name\":\"a\",\"type\":\"string\"}");
        Schema v2 = record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");

        int first = client.register("s-value", v1);
        int again = new RestSchemaRegistryClient(server.url()).register("s-value", v1);
        int second = client.register("s-value", v2);

        assertThat(again).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
        assertThat(new RestSchemaRegistryClient(server.url()).schemaById(second)).isEqualTo(v2);
    }

    @Test
    void refusesABackwardIncompatibleSchemaWith409() {
        client.register("s-value", record("{\"name\":\"a\",\"type\":\"string\"}"));
        Schema newRequiredField = record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}");

        assertThat(client.isCompatible("s-value", newRequiredField)).isFalse();
        assertThatThrownBy(() -> client.register("s-value", newRequiredField))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void acceptsAnyChangeWhenTheSubjectCompatibilityIsNone() {
        client.register("s-value", record("{\"name\":\"a\",\"type\":\"string\"}"));
        client.setCompatibility("s-value", "NONE");

        assertThat(client.register("s-value", record("{\"name\":\"z\",\"type\":\"long\"}"))).isPositive();
    }

    @Test
    void answersConfluentErrorCodesForUnknownIdsAndSubjects() {
        assertThatThrownBy(() -> client.schemaById(999))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThat(client.isCompatible("never-registered", record("{\"name\":\"a\",\"type\":\"string\"}"))).isTrue();
    }
}
