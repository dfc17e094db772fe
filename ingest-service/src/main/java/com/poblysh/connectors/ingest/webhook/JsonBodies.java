package com.poblysh.connectors.ingest.webhook;

import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** The media type and JSON checks of webhook bodies: 415 when not sent as JSON, 400 {@code details.body} when not JSON. */
final class JsonBodies {

    private final JsonMapper json;

    JsonBodies(JsonMapper json) {
        this.json = json;
    }

    static void requireJson(HttpHeaders headers) {
        MediaType type;
        try {
            type = headers.getContentType();
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        boolean json = type != null && "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
        if (!json) {
            throw new ApiException(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "webhook bodies must be sent as application/json");
        }
    }

    /** The parsed body, for providers that read it; a missing node after only checking it for the others. */
    JsonNode read(byte[] body, boolean tree) {
        return tree ? parse(body) : requireJsonDocument(body);
    }

    private JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            node = null;
        }
        if (node == null || node.isMissingNode()) {
            throw ApiException.validation("body", "request body is not valid JSON");
        }
        return node;
    }

    /** The same check as {@link #parse}, token by token, for providers that do not read the tree. */
    private JsonNode requireJsonDocument(byte[] body) {
        boolean valid;
        try (JsonParser parser = json.createParser(body)) {
            valid = parser.nextToken() != null;
            parser.skipChildren();
            if (valid && json.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)) {
                valid = parser.nextToken() == null;
            }
        } catch (JacksonException e) {
            valid = false;
        }
        if (!valid) {
            throw ApiException.validation("body", "request body is not valid JSON");
        }
        return MissingNode.getInstance();
    }
}
