package com.poblysh.connectors.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small schema registry serving the Confluent REST endpoints the pipeline and Confluent's serializers use, with
 * Confluent's answers and error codes, for the local run and the tests where no Confluent registry can run. Same
 * ids for identical schemas, versions per subject, and BACKWARD/FORWARD/FULL/NONE compatibility checked against
 * the latest version on registration. Not for production.
 */
public final class InProcessSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessSchemaRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern VERSION = Pattern.compile("/subjects/([^/]+)/versions/([^/]+)(/schema)?");
    private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/([^/]+)(/schema)?");
    private static final Pattern COMPATIBILITY = Pattern.compile("/compatibility/subjects/([^/]+)/versions/([^/]+)");
    private static final Pattern CONFIG = Pattern.compile("/config(?:/([^/]+))?");

    private final HttpServer server;
    private final Map<String, Integer> idsBySchema = new LinkedHashMap<>();
    private final Map<Integer, Schema> schemasById = new LinkedHashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();
    private final Map<String, String> compatibilityBySubject = new LinkedHashMap<>();
    private String defaultCompatibility = "BACKWARD";

    private InProcessSchemaRegistry(HttpServer server) {
        this.server = server;
    }

    /** Starts a registry on 127.0.0.1 and {@code port} (0 picks a free one). */
    public static InProcessSchemaRegistry start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            InProcessSchemaRegistry registry = new InProcessSchemaRegistry(server);
            server.createContext("/", registry::handle);
            server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "schema-registry");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return registry;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the in-process schema registry on port " + port, e);
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply;
            try {
                reply = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), readBody(exchange));
            } catch (RegistryError e) {
                reply = e.reply;
            } catch (IOException | RuntimeException e) {
                // A client must always get an answer it can parse; a dropped connection looks like a network fault.
                LOG.warn("Schema registry failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                reply = error(500, 50001, "Error in the backend datastore: " + e);
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Status and body text: JSON for every answer, though the schema-only endpoints answer a bare schema. */
    private record Reply(int status, String body) {
    }

    /** A refusal carrying its Confluent answer, so that every route can stop at the first problem it finds. */
    private static final class RegistryError extends RuntimeException {

        private final transient Reply reply;

        RegistryError(int status, int code, String message) {
            super(message, null, false, false);
            this.reply = error(status, code, message);
        }
    }

    /** The fields of Confluent's {@code RegisterSchemaRequest} this registry reads; null when absent. */
    private record SchemaRequest(String schemaType, String schema) {
    }

    private synchronized Reply route(String method, String path, byte[] body) {
        Matcher m;
        if ((m = VERSIONS.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            return switch (method) {
                case "POST" -> register(subject, parse(schemaRequest(body)));
                case "GET" -> {
                    requireSubject(subject);
                    yield ok(JSON.valueToTree(versionNumbers(subject)));
                }
                default -> methodNotAllowed();
            };
        }
        if ((m = VERSION.matcher(path)).matches()) {
            if (!"GET".equals(method)) {
                return methodNotAllowed();
            }
            String subject = decode(m.group(1));
            int version = versionNumber(subject, m.group(2));
            Schema schema = schemasById.get(versionsBySubject.get(subject).get(version - 1));
            if (m.group(3) != null) {
                return new Reply(200, schema.toString());
            }
            return ok(subjectVersion(subject, version));
        }
        if ((m = SCHEMA_BY_ID.matcher(path)).matches()) {
            if (!"GET".equals(method)) {
                return methodNotAllowed();
            }
            Schema schema = schemasById.get(schemaId(m.group(1)));
            if (schema == null) {
                throw new RegistryError(404, 40403, "Schema " + m.group(1) + " not found");
            }
            if (m.group(2) != null) {
                return new Reply(200, schema.toString());
            }
            // Confluent leaves schemaType out for AVRO, its default.
            return ok(JSON.createObjectNode().put("schema", schema.toString()));
        }
        if ((m = COMPATIBILITY.matcher(path)).matches()) {
            if (!"POST".equals(method)) {
                return methodNotAllowed();
            }
            String subject = decode(m.group(1));
            Schema against = compatibilityTarget(subject, m.group(2));
            Schema candidate = parse(schemaRequest(body));
            // Nothing registered yet and "latest" asked for: anything may be registered first, as Confluent answers.
            return ok(JSON.createObjectNode().put("is_compatible",
                    against == null || compatible(subject, candidate, against)));
        }
        if ((m = CONFIG.matcher(path)).matches()) {
            String subject = m.group(1) == null ? null : decode(m.group(1));
            if ("PUT".equals(method)) {
                JsonNode request = jsonObject(body, "ConfigUpdateRequest");
                String level = request.path("compatibility").asText("");
                if (!List.of("NONE", "BACKWARD", "FORWARD", "FULL").contains(level)) {
                    throw new RegistryError(422, 42203, "Invalid compatibility level '" + level + "'"
                            + ". Valid values are NONE, BACKWARD, FORWARD and FULL");
                }
                if (subject == null) {
                    defaultCompatibility = level;
                } else {
                    compatibilityBySubject.put(subject, level);
                }
                return ok(JSON.createObjectNode().put("compatibility", level));
            }
            if ("GET".equals(method)) {
                return ok(JSON.createObjectNode().put("compatibilityLevel", levelOf(subject)));
            }
            return methodNotAllowed();
        }
        if ((m = SUBJECT.matcher(path)).matches()) {
            if (!"POST".equals(method)) {
                return methodNotAllowed();
            }
            return lookUp(decode(m.group(1)), parse(schemaRequest(body)));
        }
        if ("/subjects".equals(path)) {
            return "GET".equals(method) ? ok(JSON.valueToTree(versionsBySubject.keySet())) : methodNotAllowed();
        }
        return notFound();
    }

    private Reply lookUp(String subject, Schema schema) {
        requireSubject(subject);
        Integer id = idsBySchema.get(schema.toString());
        List<Integer> versions = versionsBySubject.get(subject);
        if (id == null || !versions.contains(id)) {
            throw new RegistryError(404, 40403, "Schema not found");
        }
        return ok(subjectVersion(subject, versions.indexOf(id) + 1));
    }

    private ObjectNode subjectVersion(String subject, int version) {
        int id = versionsBySubject.get(subject).get(version - 1);
        return JSON.createObjectNode().put("subject", subject).put("version", version).put("id", id)
                .put("schema", schemasById.get(id).toString());
    }

    private Reply register(String subject, Schema schema) {
        String canonical = schema.toString();
        Integer existing = idsBySchema.get(canonical);
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (existing != null && versions.contains(existing)) {
            return ok(JSON.createObjectNode().put("id", existing));
        }
        if (!versions.isEmpty() && !compatible(subject, schema, schemasById.get(versions.get(versions.size() - 1)))) {
            return error(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\" (" + levelOf(subject) + ")");
        }
        int id = existing != null ? existing : schemasById.size() + 1;
        idsBySchema.putIfAbsent(canonical, id);
        schemasById.putIfAbsent(id, schema);
        versions.add(id);
        return ok(JSON.createObjectNode().put("id", id));
    }

    private boolean compatible(String subject, Schema candidate, Schema existing) {
        return switch (levelOf(subject)) {
            case "NONE" -> true;
            case "FORWARD" -> readable(existing, candidate);
            case "FULL" -> readable(candidate, existing) && readable(existing, candidate);
            default -> readable(candidate, existing);
        };
    }

    private static boolean readable(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private String levelOf(String subject) {
        return subject == null ? defaultCompatibility : compatibilityBySubject.getOrDefault(subject, defaultCompatibility);
    }

    /**
     * The 1-based version {@code text} names under {@code subject}, in Confluent's order of refusals: an invalid
     * version (42202) before an unknown subject (40401) before a missing version (40402).
     */
    private int versionNumber(String subject, String text) {
        int version = parseVersion(text);
        int count = requireSubject(subject).size();
        if (version == -1) {
            return count;
        }
        if (version > count) {
            throw new RegistryError(404, 40402, "Version " + version + " not found.");
        }
        return version;
    }

    /**
     * The schema a compatibility check of {@code subject} compares with, or null for {@code latest} of a subject
     * with no version. Confluent's compatibility resource refuses an invalid version (42202) and, unlike the
     * subject resources, a numbered version of an unknown subject as a missing version (40402), not 40401.
     */
    private Schema compatibilityTarget(String subject, String text) {
        int version = parseVersion(text);
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (version == -1) {
            return versions.isEmpty() ? null : schemasById.get(versions.get(versions.size() - 1));
        }
        if (version > versions.size()) {
            throw new RegistryError(404, 40402, "Version " + version + " not found.");
        }
        return schemasById.get(versions.get(version - 1));
    }

    /** A version number, or -1 for {@code latest}; anything else is refused with 42202. */
    private static int parseVersion(String text) {
        int version;
        try {
            version = "latest".equalsIgnoreCase(text.trim()) ? -1 : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            version = 0;
        }
        if (version <= 0 && version != -1) {
            throw new RegistryError(422, 42202, "The specified version '" + text + "' is not a valid version id. "
                    + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
        return version;
    }

    private List<Integer> requireSubject(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            // Confluent's id is an Integer path parameter, and one that does not convert is no resource at all.
            throw new RegistryError(404, 404, "HTTP 404 Not Found");
        }
    }

    private List<Integer> versionNumbers(String subject) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1; i <= versionsBySubject.get(subject).size(); i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static Schema parse(SchemaRequest request) {
        String type = request.schemaType() == null ? "AVRO" : request.schemaType();
        if (!"AVRO".equals(type)) {
            throw new RegistryError(422, 42201, "Invalid schema type " + type);
        }
        if (request.schema() == null || request.schema().isBlank()) {
            throw new RegistryError(422, 42201, "Empty schema");
        }
        try {
            return new Schema.Parser().parse(request.schema());
        } catch (RuntimeException e) {
            // Avro refuses with several exception types (SchemaParseException, AvroTypeException for a bad
            // default, ...): all of them mean the schema is invalid, as Confluent reports it.
            throw new RegistryError(422, 42201, "Invalid schema of type AVRO, details: " + e.getMessage());
        }
    }

    /**
     * Reads a register/lookup/compatibility body the way Confluent's JSON binding does: no body is a 422, text
     * that is not JSON or has the wrong shape is a 400, and a scalar {@code schema} is taken as its text.
     */
    private static SchemaRequest schemaRequest(byte[] body) {
        JsonNode request = jsonObject(body, "RegisterSchemaRequest");
        return new SchemaRequest(text(request, "schemaType"), text(request, "schema"));
    }

    private static JsonNode jsonObject(byte[] body, String type) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RegistryError(400, 400, e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new RegistryError(422, 422, "request body must not be null (was null)");
        }
        if (!node.isObject()) {
            throw new RegistryError(400, 400, "Cannot deserialize value of type `" + type + "` from "
                    + node.getNodeType() + " value");
        }
        return node;
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            throw new RegistryError(400, 400, "Cannot deserialize value of type `String` from "
                    + value.getNodeType() + " value (field \"" + field + "\")");
        }
        return value.asText();
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static Reply ok(JsonNode body) {
        return new Reply(200, body.toString());
    }

    private static Reply notFound() {
        return error(404, 404, "HTTP 404 Not Found");
    }

    private static Reply methodNotAllowed() {
        return error(405, 405, "HTTP 405 Method Not Allowed");
    }

    private static Reply error(int status, int code, String message) {
        return new Reply(status, JSON.createObjectNode().put("error_code", code).put("message", message).toString());
    }
}
