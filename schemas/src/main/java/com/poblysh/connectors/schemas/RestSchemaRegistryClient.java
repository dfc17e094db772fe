package com.poblysh.connectors.schemas;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

/**
 * {@link SchemaRegistryClient} over the Confluent REST API, caching ids and schemas both ways so the hot path
 * never calls the registry after the first record of a type.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    public RestSchemaRegistryClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(10));
    }

    public RestSchemaRegistryClient(String baseUrl, Duration timeout) {
        Objects.requireNonNull(baseUrl, "schema registry url");
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        return idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            JsonNode body = send("POST", "subjects/" + encode(subject) + "/versions", schemaBody(schema));
            int id = body.path("id").asInt(-1);
            if (id < 0) {
                throw new SchemaRegistryException("Registry answered without an id: " + body, null);
            }
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, key -> {
            JsonNode body = send("GET", "schemas/ids/" + id, null);
            String type = body.path("schemaType").asText("AVRO");
            if (!"AVRO".equals(type)) {
                throw new SchemaRegistryException("Schema " + id + " is " + type + ", not AVRO", null);
            }
            return new Schema.Parser().parse(body.path("schema").asText());
        });
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode body = send("POST", "compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema));
            return body.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == 40401) {
                return true; // nothing registered yet: anything is compatible
            }
            throw e;
        }
    }

    @Override
    public void setCompatibility(String subject, String level) {
        send("PUT", "config/" + encode(subject), JSON.createObjectNode().put("compatibility", level).toString());
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(timeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry at " + baseUrl + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while calling the schema registry", e);
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new SchemaRegistryException(response.statusCode(), json.path("error_code").asInt(response.statusCode()),
                    json.path("message").asText(response.body()));
        }
        return json;
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", text);
        }
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient[" + baseUrl + "]";
    }
}
