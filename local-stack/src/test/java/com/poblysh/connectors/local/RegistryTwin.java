package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.poblysh.connectors.schemas.testsupport.RegistryRequests;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same Confluent REST calls sent to two registries, Apicurio and the in-process one, and their answers compared,
 * so that the in-process registry the local run and the tests use cannot drift from a registry nobody here wrote.
 * Two answers agree when their statuses are equal and their JSON bodies are equal except for three things: schema
 * ids (each registry numbers schemas its own way, so ids must only correspond one to one across every call),
 * error messages (free text; the {@code error_code} must be equal) and the text of {@code schema} fields (compared
 * as JSON documents, so whitespace does not count). The Content-Type is not compared: Apicurio answers errors as
 * {@code application/json} whatever the request accepts, which Confluent's clients take as well.
 */
final class RegistryTwin {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CONTENT_TYPE = RegistryRequests.CONTENT_TYPE;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apicurioUrl;
    private final String inProcessUrl;
    // Apicurio's id -> the in-process registry's id for the same schema, learnt from every answer so far.
    private final Map<Integer, Integer> ids = new HashMap<>();
    private final Map<Integer, Integer> idsBack = new HashMap<>();
    private int calls;

    RegistryTwin(String apicurioUrl, String inProcessUrl) {
        this.apicurioUrl = apicurioUrl;
        this.inProcessUrl = inProcessUrl;
    }

    /** One registry's answer. */
    record Answer(int status, String body) {

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return body.isBlank() ? null : JSON.readTree(body);
            } catch (JacksonException e) {
                return null;
            }
        }

        int id() {
            JsonNode json = json();
            assertThat(json).as("an answer with an id: %s", body).isNotNull();
            assertThat(json.path("id").isInt()).as("an answer with an id: %s", body).isTrue();
            return json.path("id").asInt();
        }

        int errorCode() {
            JsonNode json = json();
            return json == null ? -1 : json.path("error_code").asInt(-1);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Both answers to one call. */
    record Both(Answer apicurio, Answer inProcess) {
    }

    /** What one registry must answer to a call on which the two are known to differ. */
    record Expected(int status, Integer errorCode, String json) {

        /** A Confluent error body: this status and {@code error_code}. */
        static Expected error(int status, int errorCode) {
            return new Expected(status, errorCode, null);
        }

        /** This status, whatever the body. */
        static Expected status(int status) {
            return new Expected(status, null, null);
        }

        /** This status and exactly this JSON body. */
        static Expected body(int status, String json) {
            return new Expected(status, null, json);
        }

        /** This status and a body that is not a JSON document (empty or plain text). */
        static Expected notJson(int status) {
            return new Expected(status, null, "");
        }

        void check(String registry, Answer answer) {
            assertThat(answer.status()).as("%s answered %s", registry, answer).isEqualTo(status);
            if (errorCode != null) {
                assertThat(answer.errorCode()).as("%s answered %s", registry, answer).isEqualTo(errorCode);
            } else if (json != null && json.isEmpty()) {
                assertThat(answer.json()).as("%s answered %s", registry, answer).isNull();
            } else if (json != null) {
                assertThat(answer.json()).as("%s answered %s", registry, answer).isEqualTo(JSON.readTree(json));
            }
        }
    }

    /** Sends the call to both registries and asserts that they agree; returns both answers. */
    Both call(String method, String path, String body) {
        return call(method, path, path, body);
    }

    /** Like {@link #call(String, String, String)} with the schema id of each registry's answer in {@code pathFormat}. */
    Both callWithIds(String method, String pathFormat, Both idsFrom, String body) {
        return call(method, pathFormat.formatted(idsFrom.apicurio().id()),
                pathFormat.formatted(idsFrom.inProcess().id()), body);
    }

    /**
     * Sends a call on which Apicurio is known to answer otherwise than Confluent documents (and the in-process
     * registry answers): each must answer exactly as expected, so that the day Apicurio changes, this fails and
     * the deviation is struck off.
     */
    Both differ(String method, String path, String body, Expected apicurio, Expected inProcess) {
        Both both = new Both(send(apicurioUrl, method, path, body), send(inProcessUrl, method, path, body));
        apicurio.check("Apicurio", both.apicurio());
        inProcess.check("the in-process registry", both.inProcess());
        assertThat(agree(both, new HashMap<>(ids), new HashMap<>(idsBack))).as("%s %s is listed as a deviation but both answered alike: %s", method, path, both)
                .isNotEmpty();
        return both;
    }

    /** Calls compared so far. */
    int calls() {
        return calls;
    }

    private Both call(String method, String apicurioPath, String inProcessPath, String body) {
        Both both = new Both(send(apicurioUrl, method, apicurioPath, body), send(inProcessUrl, method, inProcessPath, body));
        Map<Integer, Integer> learnt = new HashMap<>(ids);
        Map<Integer, Integer> learntBack = new HashMap<>(idsBack);
        List<String> differences = agree(both, learnt, learntBack);
        assertThat(differences).as("%s %s%n  Apicurio:   %s%n  in-process: %s", method, inProcessPath, both.apicurio(),
                both.inProcess()).isEmpty();
        ids.putAll(learnt);
        idsBack.putAll(learntBack);
        return both;
    }

    /** The differences between the two answers, modulo ids, messages and schema formatting; empty when they agree. */
    private static List<String> agree(Both both, Map<Integer, Integer> ids, Map<Integer, Integer> idsBack) {
        List<String> differences = new ArrayList<>();
        if (both.apicurio().status() != both.inProcess().status()) {
            differences.add("status " + both.apicurio().status() + " vs " + both.inProcess().status());
        }
        JsonNode a = both.apicurio().json();
        JsonNode b = both.inProcess().json();
        if (a == null || b == null) {
            if (!both.apicurio().body().equals(both.inProcess().body())) {
                differences.add("bodies differ and are not both JSON");
            }
            return differences;
        }
        compare("$", a, b, ids, idsBack, differences);
        return differences;
    }

    private static void compare(String where, JsonNode a, JsonNode b, Map<Integer, Integer> ids,
            Map<Integer, Integer> idsBack, List<String> differences) {
        if (a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>(a.propertyNames());
            if (!names.equals(new TreeSet<>(b.propertyNames()))) {
                differences.add(where + ": fields " + a.propertyNames() + " vs " + b.propertyNames());
                return;
            }
            boolean error = a.has("error_code");
            for (String name : names) {
                JsonNode x = a.get(name);
                JsonNode y = b.get(name);
                String at = where + "." + name;
                if ("id".equals(name) && x.isInt() && y.isInt()) {
                    Integer mapped = ids.putIfAbsent(x.asInt(), y.asInt());
                    Integer mappedBack = idsBack.putIfAbsent(y.asInt(), x.asInt());
                    if ((mapped != null && mapped != y.asInt()) || (mappedBack != null && mappedBack != x.asInt())) {
                        differences.add(at + ": id " + x + " vs " + y + " breaks the correspondence " + ids);
                    }
                } else if (error && "message".equals(name)) {
                    if (!x.isString() || !y.isString() || x.asString().isBlank() || y.asString().isBlank()) {
                        differences.add(at + ": an error message must be non-blank text");
                    }
                } else if ("schema".equals(name) && x.isString() && y.isString() && isJson(x) && isJson(y)) {
                    compare(at, JSON.readTree(x.asString()), JSON.readTree(y.asString()), ids, idsBack, differences);
                } else {
                    compare(at, x, y, ids, idsBack, differences);
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            Iterator<JsonNode> x = a.iterator();
            Iterator<JsonNode> y = b.iterator();
            for (int i = 0; x.hasNext(); i++) {
                compare(where + "[" + i + "]", x.next(), y.next(), ids, idsBack, differences);
            }
        } else if (!a.equals(b)) {
            differences.add(where + ": " + a + " vs " + b);
        }
    }

    private static boolean isJson(JsonNode text) {
        try {
            JSON.readTree(text.asString());
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    private Answer send(String baseUrl, String method, String path, String body) {
        calls++;
        // What RestSchemaRegistryClient and Confluent's own client accept.
        HttpRequest.Builder request = RegistryRequests.of(URI.create(baseUrl + path), method, body,
                CONTENT_TYPE + ", application/json").timeout(Duration.ofSeconds(10));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("No answer from " + baseUrl + " to " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
