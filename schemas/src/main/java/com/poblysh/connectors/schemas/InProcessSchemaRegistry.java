package com.poblysh.connectors.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

/**
 * A small schema registry serving the Confluent REST endpoints the pipeline uses, for the local run and the
 * tests where no Confluent registry can run. Same ids for identical schemas, versions per subject, and
 * BACKWARD/FORWARD/FULL/NONE compatibility checked against the latest version. Not for production.
 */
public final class InProcessSchemaRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern VERSION = Pattern.compile("/subjects/([^/]+)/versions/(latest|\\d+)");
    private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(\\d+)(/schema)?");
    private static final Pattern COMPATIBILITY = Pattern.compile("/compatibility/subjects/([^/]+)/versions/(latest|\\d+)");
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
            } catch (SchemaParseException | IOException e) {
                reply = error(422, 42201, "Invalid schema: " + e.getMessage());
            }
            byte[] bytes = reply.body().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private record Reply(int status, JsonNode body) {
    }

    private synchronized Reply route(String method, String path, JsonNode body) {
        Matcher m;
        if ((m = VERSIONS.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            return switch (method) {
                case "POST" -> register(subject, parse(body));
                case "GET" -> versionsBySubject.containsKey(subject)
                        ? ok(JSON.valueToTree(versionNumbers(subject)))
                        : subjectNotFound(subject);
                default -> error(405, 405, "Method not allowed");
            };
        }
        if ((m = VERSION.matcher(path)).matches() && "GET".equals(method)) {
            String subject = decode(m.group(1));
            Integer id = idAtVersion(subject, m.group(2));
            if (id == null) {
                return versionsBySubject.containsKey(subject) ? error(404, 40402, "Version not found") : subjectNotFound(subject);
            }
            ObjectNode node = JSON.createObjectNode().put("subject", subject)
                    .put("version", versionsBySubject.get(subject).indexOf(id) + 1)
                    .put("id", id).put("schema", schemasById.get(id).toString());
            return ok(node);
        }
        if ((m = SCHEMA_BY_ID.matcher(path)).matches() && "GET".equals(method)) {
            Schema schema = schemasById.get(Integer.parseInt(m.group(1)));
            if (schema == null) {
                return error(404, 40403, "Schema " + m.group(1) + " not found");
            }
            return ok(JSON.createObjectNode().put("schema", schema.toString()));
        }
        if ((m = COMPATIBILITY.matcher(path)).matches() && "POST".equals(method)) {
            String subject = decode(m.group(1));
            Integer id = idAtVersion(subject, m.group(2));
            if (id == null) {
                return subjectNotFound(subject);
            }
            return ok(JSON.createObjectNode().put("is_compatible", compatible(subject, parse(body))));
        }
        if ((m = CONFIG.matcher(path)).matches()) {
            String subject = m.group(1) == null ? null : decode(m.group(1));
            if ("PUT".equals(method)) {
                String level = body.path("compatibility").asText("");
                if (!List.of("NONE", "BACKWARD", "FORWARD", "FULL").contains(level)) {
                    return error(422, 42203, "Invalid compatibility level " + level);
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
        }
        if ("/subjects".equals(path) && "GET".equals(method)) {
            return ok(JSON.valueToTree(versionsBySubject.keySet()));
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private Reply register(String subject, Schema schema) {
        String canonical = schema.toString();
        Integer existing = idsBySchema.get(canonical);
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (existing != null && versions.contains(existing)) {
            return ok(JSON.createObjectNode().put("id", existing));
        }
        if (!compatible(subject, schema)) {
            return error(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\" (" + levelOf(subject) + ")");
        }
        int id = existing != null ? existing : schemasById.size() + 1;
        idsBySchema.putIfAbsent(canonical, id);
        schemasById.putIfAbsent(id, schema);
        versions.add(id);
        return ok(JSON.createObjectNode().put("id", id));
    }

    private boolean compatible(String subject, Schema candidate) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (versions.isEmpty()) {
            return true;
        }
        Schema latest = schemasById.get(versions.get(versions.size() - 1));
        return switch (levelOf(subject)) {
            case "NONE" -> true;
            case "FORWARD" -> readable(latest, candidate);
            case "FULL" -> readable(candidate, latest) && readable(latest, candidate);
            default -> readable(candidate, latest);
        };
    }

    private static boolean readable(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private String levelOf(String subject) {
        return subject == null ? defaultCompatibility : compatibilityBySubject.getOrDefault(subject, defaultCompatibility);
    }

    private Integer idAtVersion(String subject, String version) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            return null;
        }
        if ("latest".equals(version)) {
            return versions.get(versions.size() - 1);
        }
        int index = Integer.parseInt(version) - 1;
        return index >= 0 && index < versions.size() ? versions.get(index) : null;
    }

    private List<Integer> versionNumbers(String subject) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1; i <= versionsBySubject.get(subject).size(); i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static Schema parse(JsonNode body) {
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaParseException("only AVRO schemas are supported, got " + type);
        }
        return new Schema.Parser().parse(body.path("schema").asText());
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    private static Reply subjectNotFound(String subject) {
        return error(404, 40401, "Subject '" + subject + "' not found.");
    }

    private static Reply error(int status, int code, String message) {
        return new Reply(status, JSON.createObjectNode().put("error_code", code).put("message", message));
    }
}
