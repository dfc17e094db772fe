package com.poblysh.connectors.processor.enrich.microsoftgraph;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.processor.enrich.Enricher;
import com.poblysh.connectors.schemas.avro.RawEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Completes a basic Graph notification about a created or updated message, event or drive item: fetches
 * {@code GET <api>/<resource>?$select=<the fields signals use>} with the connection's access token and puts the
 * answer into the notification's {@code resourceData}, where a rich notification would have carried it. Deleted
 * resources cannot be fetched, drive-root notifications name no file, and events without a connection (verified by
 * the configured clientState) have no token: those stay minimal. Every failure (no token, 4xx, 5xx, timeout, junk)
 * leaves the notification as it came; outcomes are counted as {@code poblysh.processor.enrichment{provider,outcome}}.
 */
@Component
@EnableConfigurationProperties(MicrosoftGraphEnrichmentProperties.class)
class MicrosoftGraphResourceEnricher implements Enricher {

    private static final Logger log = LoggerFactory.getLogger(MicrosoftGraphResourceEnricher.class);
    static final String METRIC = "poblysh.processor.enrichment";
    /** A Graph resource path: relative, no query, no fragment, no traversal. */
    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9/()'=_.:@!,+\\-]{0,2047}");
    private static final int MAX_RESPONSE_BYTES = 256 * 1024;
    /** The fields signals use, and the version (change key, eTag) that keys them when the notification has none. */
    private static final Map<String, String> SELECT = Map.of(
            "message", "subject,from,sender,receivedDateTime,createdDateTime,lastModifiedDateTime,webLink,changeKey",
            "event", "subject,organizer,createdDateTime,lastModifiedDateTime,webLink,start,end,changeKey",
            "driveItem", "name,webUrl,createdDateTime,lastModifiedDateTime,createdBy,lastModifiedBy,parentReference,"
                    + "eTag");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MicrosoftGraphEnrichmentProperties properties;
    private final AccessTokens tokens;
    private final MeterRegistry meters;
    private final HttpClient http;

    MicrosoftGraphResourceEnricher(MicrosoftGraphEnrichmentProperties properties, AccessTokens tokens,
                                   MeterRegistry meters) {
        this.properties = properties;
        this.tokens = tokens;
        this.meters = meters;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Provider provider() {
        return Provider.MICROSOFT_GRAPH;
    }

    @Override
    public JsonNode enrich(RawEvent event, JsonNode payload) {
        Result result;
        try {
            result = attempt(event, payload);
        } catch (RuntimeException e) {
            log.warn("Enriching Graph event {} failed: {}", event.getEventId(), e.toString());
            result = Result.unchanged("failed");
        }
        count(result.outcome());
        if (result.payload() == null && !"not_applicable".equals(result.outcome())) {
            log.debug("Graph event {} stays minimal: {}", event.getEventId(), result.outcome());
        }
        return result.payload() != null ? result.payload() : payload;
    }

    private Result attempt(RawEvent event, JsonNode payload) {
        if (!properties.enrich()) {
            return Result.unchanged("disabled");
        }
        String type = event.getEventType();
        int dot = type.indexOf('.');
        String kind = dot < 0 ? "" : type.substring(0, dot);
        String change = dot < 0 ? "" : type.substring(dot + 1);
        String resource = payload.path("resource").asString("");
        if (!SELECT.containsKey(kind) || "deleted".equals(change)
                || resource.toLowerCase(Locale.ROOT).endsWith("/root")) {
            return Result.unchanged("not_applicable");
        }
        if (!RESOURCE.matcher(resource).matches() || resource.contains("..") || resource.contains("//")) {
            return Result.unchanged("invalid_resource");
        }
        if (event.getConnectionId() == null) {
            return Result.unchanged("no_connection");
        }
        Optional<String> token = tokens.accessToken(TenantId.of(event.getTenantId()), event.getConnectionId(),
                Provider.MICROSOFT_GRAPH);
        if (token.isEmpty()) {
            return Result.unchanged("no_token");
        }
        URI uri = URI.create(properties.apiBaseUrl().toString().replaceAll("/+$", "") + "/" + resource
                + "?$select=" + SELECT.get(kind));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.timeout())
                .header("Authorization", "Bearer " + token.get())
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return Result.unchanged("unreachable"); // includes timeouts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.unchanged("interrupted");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                return Result.unchanged("status_" + (response.statusCode() / 100) + "xx");
            }
            byte[] bytes = body.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (bytes.length > MAX_RESPONSE_BYTES) {
                return Result.unchanged("too_large");
            }
            JsonNode fetched = JSON.readTree(bytes);
            if (fetched == null || !fetched.isObject()) {
                return Result.unchanged("not_json");
            }
            return new Result("enriched", merge(payload, (ObjectNode) fetched));
        } catch (IOException | JacksonException e) {
            return Result.unchanged("not_json");
        }
    }

    /** The notification with the fetched fields added to its {@code resourceData} (annotations and id kept). */
    static JsonNode merge(JsonNode payload, ObjectNode fetched) {
        ObjectNode copy = ((ObjectNode) payload).deepCopy();
        JsonNode existing = copy.path("resourceData");
        ObjectNode data = existing.isObject() ? (ObjectNode) existing : copy.putObject("resourceData");
        for (String name : fetched.propertyNames()) {
            if (!name.startsWith("@odata.") && !data.has(name)) {
                data.set(name, fetched.get(name));
            }
        }
        return copy;
    }

    private void count(String outcome) {
        meters.counter(METRIC, "provider", Provider.MICROSOFT_GRAPH.id(), "outcome", outcome).increment();
    }

    /** What an attempt came to: the metric outcome and the completed payload (null: leave it as it came). */
    private record Result(String outcome, JsonNode payload) {

        static Result unchanged(String outcome) {
            return new Result(outcome, null);
        }
    }
}
