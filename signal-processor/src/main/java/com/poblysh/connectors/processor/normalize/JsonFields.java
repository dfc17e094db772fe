package com.poblysh.connectors.processor.normalize;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

import tools.jackson.databind.JsonNode;

/**
 * Reads fields of provider payloads by JSON pointer (e.g. {@code /issue/created_at}); required fields that are
 * missing or malformed fail with {@link InvalidPayloadException} naming the pointer.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** The object at {@code pointer}. */
    public static JsonNode requiredObject(JsonNode payload, String pointer) {
        JsonNode node = payload.at(pointer);
        if (!node.isObject()) {
            throw new InvalidPayloadException("payload lacks object " + pointer);
        }
        return node;
    }

    /** The non-blank string at {@code pointer}. */
    public static String requiredText(JsonNode payload, String pointer) {
        String value = text(payload, pointer);
        if (value == null || value.isBlank()) {
            throw new InvalidPayloadException("payload lacks text " + pointer);
        }
        return value;
    }

    /** The string at {@code pointer}, or null when absent, null or not a string. */
    public static String text(JsonNode payload, String pointer) {
        JsonNode node = payload.at(pointer);
        return node.isString() ? node.stringValue() : null;
    }

    /**
     * The instant at the first of {@code pointers} that holds one. Accepts ISO-8601 date-times with an offset
     * ({@code 2019-05-15T15:20:33Z}, {@code 2019-05-15T15:20:30-05:00}) and epoch seconds (GitHub's
     * {@code repository.pushed_at} in push events).
     */
    public static Instant requiredInstant(JsonNode payload, String... pointers) {
        for (String pointer : pointers) {
            JsonNode node = payload.at(pointer);
            if (node.isIntegralNumber()) {
                return Instant.ofEpochSecond(node.longValue());
            }
            if (node.isString()) {
                try {
                    return OffsetDateTime.parse(node.stringValue()).toInstant();
                } catch (DateTimeException e) {
                    throw new InvalidPayloadException("payload field " + pointer + " is not an ISO-8601 date-time: "
                            + node.stringValue(), e);
                }
            }
        }
        throw new InvalidPayloadException("payload lacks a timestamp at " + String.join(" or ", pointers));
    }
}
