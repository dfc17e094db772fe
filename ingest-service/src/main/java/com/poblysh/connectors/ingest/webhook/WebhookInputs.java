package com.poblysh.connectors.ingest.webhook;

import java.util.regex.Pattern;

import com.poblysh.connectors.common.web.ApiException;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/**
 * Reads the headers and body fields a provider needs, refusing missing or malformed ones with 400
 * {@code VALIDATION_FAILED} naming them. Values are bounded by their pattern because they end up in Kafka records,
 * ids and logs.
 */
public final class WebhookInputs {

    private WebhookInputs() {
    }

    /** The trimmed value of header {@code name}, which must match {@code format}. */
    public static String requiredHeader(HttpHeaders headers, String name, Pattern format) {
        String value = headers.getFirst(name);
        if (value == null || value.isBlank()) {
            throw ApiException.validation(name, name + " header is required");
        }
        if (!format.matcher(value.trim()).matches()) {
            throw ApiException.validation(name, name + " header is malformed");
        }
        return value.trim();
    }

    /** The string at {@code pointer} (e.g. {@code /event/type}), reported as {@code field}, matching {@code format}. */
    public static String requiredText(JsonNode body, String pointer, String field, Pattern format) {
        JsonNode node = body.at(pointer);
        if (!node.isString() || node.stringValue().isBlank()) {
            throw ApiException.validation(field, field + " is required");
        }
        if (!format.matcher(node.stringValue()).matches()) {
            throw ApiException.validation(field, field + " is malformed");
        }
        return node.stringValue();
    }

    /** The object at {@code pointer}, reported as {@code field}. */
    public static JsonNode requiredObject(JsonNode body, String pointer, String field) {
        JsonNode node = body.at(pointer);
        if (!node.isObject()) {
            throw ApiException.validation(field, field + " must be an object");
        }
        return node;
    }
}
