package com.poblysh.connectors.processor.normalize;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Reads fields of provider payloads by JSON pointer (e.g. {@code /issue/created_at}); required fields that are
 * missing or malformed fail with {@link InvalidPayloadException} naming the pointer.
 */
public final class JsonFields {

    /** An offset without colon at the end, as Jira writes it: {@code 2024-04-30T09:00:00.123+0000}. */
    private static final Pattern COMPACT_OFFSET = Pattern.compile("(.*[T ].*[+-])(\\d{2})(\\d{2})");
    /** Epoch seconds with an optional fraction, as Slack's {@code ts}: {@code 1355517523.000005}. */
    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");

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

    /** The first non-blank string among {@code pointers}, or null. */
    public static String firstText(JsonNode payload, String... pointers) {
        for (String pointer : pointers) {
            String value = text(payload, pointer);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /**
     * The instant at the first of {@code pointers} that holds one. Accepts ISO-8601 date-times with an offset
     * ({@code 2019-05-15T15:20:33Z}, {@code 2019-05-15T15:20:30-05:00}, Jira's {@code 2024-04-30T09:00:00.123+0000})
     * and epoch seconds as a number (GitHub's {@code repository.pushed_at} in push events).
     */
    public static Instant requiredInstant(JsonNode payload, String... pointers) {
        for (String pointer : pointers) {
            JsonNode node = payload.at(pointer);
            if (node.isIntegralNumber()) {
                return Instant.ofEpochSecond(node.longValue());
            }
            if (node.isString()) {
                return parseDateTime(pointer, node.stringValue());
            }
        }
        throw new InvalidPayloadException("payload lacks a timestamp at " + String.join(" or ", pointers));
    }

    /**
     * The instant at the first of {@code pointers} written as epoch seconds: a string with an optional fraction
     * (Slack's {@code "1355517523.000005"}) or an integral number (Slack's {@code event_time}).
     */
    public static Instant requiredEpochSeconds(JsonNode payload, String... pointers) {
        for (String pointer : pointers) {
            JsonNode node = payload.at(pointer);
            if (node.isIntegralNumber()) {
                return Instant.ofEpochSecond(node.longValue());
            }
            if (node.isString()) {
                if (!EPOCH_SECONDS.matcher(node.stringValue()).matches()) {
                    throw new InvalidPayloadException("payload field " + pointer + " is not epoch seconds: "
                            + node.stringValue());
                }
                BigDecimal seconds = new BigDecimal(node.stringValue());
                return Instant.ofEpochSecond(seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
            }
        }
        throw new InvalidPayloadException("payload lacks a timestamp at " + String.join(" or ", pointers));
    }

    private static Instant parseDateTime(String pointer, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            var compact = COMPACT_OFFSET.matcher(text);
            if (compact.matches()) {
                try {
                    return OffsetDateTime.parse(compact.group(1) + compact.group(2) + ":" + compact.group(3))
                            .toInstant();
                } catch (DateTimeException ignored) {
                    // reported below with the original text
                }
            }
            throw new InvalidPayloadException("payload field " + pointer + " is not an ISO-8601 date-time: " + text,
                    e);
        }
    }
}
