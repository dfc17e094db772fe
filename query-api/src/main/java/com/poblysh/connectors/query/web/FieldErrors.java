package com.poblysh.connectors.query.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.tenancy.Uuids;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Collects every problem of a request's parameters before anything is queried, then fails once with 400
 * {@code VALIDATION_FAILED} and one {@code details.<parameter>} entry per bad parameter. The parsing helpers
 * return {@code null} for an absent or rejected value.
 */
public final class FieldErrors {

    /** RFC 3339 date-time with a mandatory offset; a space where the offset sign belongs is a '+' lost in the URL. */
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+\\- ]\\d{2}:\\d{2})");

    private final Map<String, String> errors = new LinkedHashMap<>();

    private FieldErrors() {
    }

    /**
     * Starts validating {@code request}: a parameter outside {@code allowed} (usually a typo that would
     * silently widen the result) or given more than once is already an error.
     */
    public static FieldErrors checkParameters(HttpServletRequest request, Set<String> allowed) {
        FieldErrors errors = new FieldErrors();
        request.getParameterMap().forEach((name, values) -> {
            if (!allowed.contains(name)) {
                errors.reject(name, "unknown parameter " + name);
            } else if (values.length > 1) {
                errors.reject(name, name + " must be given at most once");
            }
        });
        return errors;
    }

    /** An empty collector, for request bodies (no query parameters to check). */
    public static FieldErrors none() {
        return new FieldErrors();
    }

    /** Records {@code reason} for {@code field}; the first reason per field wins. */
    public void reject(String field, String reason) {
        errors.putIfAbsent(field, reason);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public boolean has(String field) {
        return errors.containsKey(field);
    }

    /** Throws the 400 answer when anything was rejected. */
    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        String message = errors.size() == 1 ? errors.values().iterator().next()
                : errors.size() + " parameters are invalid; see details";
        throw new ApiException(ProblemCode.VALIDATION_FAILED, message, errors, null);
    }

    /** A canonical UUID, or null. */
    public UUID uuid(String field, String raw) {
        if (raw == null || has(field)) {
            return null;
        }
        if (!Uuids.isCanonical(raw)) {
            reject(field, field + " must be a UUID");
            return null;
        }
        return UUID.fromString(raw);
    }

    /** {@code true} or {@code false} (any case); {@code fallback} when absent. */
    public boolean flag(String field, String raw, boolean fallback) {
        if (raw == null || has(field)) {
            return fallback;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        reject(field, field + " must be true or false");
        return fallback;
    }

    /** An RFC 3339 date-time with offset, e.g. {@code 2024-05-01T12:00:00Z} or {@code ...+02:00}, or null. */
    public Instant timestamp(String field, String raw) {
        if (raw == null || has(field)) {
            return null;
        }
        if (RFC_3339.matcher(raw).matches()) {
            String text = raw.length() > 19 && raw.charAt(raw.length() - 6) == ' '
                    ? raw.substring(0, raw.length() - 6) + '+' + raw.substring(raw.length() - 5) : raw;
            try {
                return OffsetDateTime.parse(text.toUpperCase(java.util.Locale.ROOT),
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // well-formed but impossible (month 13, offset +25:00): same answer as malformed
            }
        }
        reject(field, field + " must be an RFC 3339 date-time with offset, e.g. 2024-05-01T12:00:00Z");
        return null;
    }

    /** A value of a closed registry (providers, kinds, statuses) looked up by its wire name, or null. */
    public <T> T oneOf(String field, String raw, Function<String, Optional<T>> registry) {
        if (raw == null || has(field)) {
            return null;
        }
        Optional<T> value = registry.apply(raw);
        if (value.isEmpty()) {
            reject(field, "unknown " + field + " '" + abbreviate(raw) + "'");
        }
        return value.orElse(null);
    }

    /** Keeps echoed user input short in error messages. */
    private static String abbreviate(String raw) {
        return raw.length() <= 64 ? raw : raw.substring(0, 64) + "...";
    }

    @Override
    public String toString() {
        return "FieldErrors" + errors;
    }
}
