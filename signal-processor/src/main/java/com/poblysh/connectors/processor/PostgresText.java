package com.poblysh.connectors.processor;

/**
 * Makes the text of one raw event's signal rows storable in PostgreSQL, which refuses U+0000 in {@code text}
 * ("invalid byte sequence for encoding UTF8: 0x00") and the escape {@code &#92;u0000} in {@code jsonb} ("unsupported
 * Unicode escape sequence"), although it is valid JSON a provider may send inside a string (user-typed text).
 *
 * <p>Each NUL becomes U+FFFD, the replacement character, rather than vanishing: a reader sees that something was
 * there, the words around it stay apart, and every delivery of the event yields the same row. Text without NUL, by
 * far the common case, costs one scan and is returned as it is. An instance serves one raw event and remembers
 * whether it replaced anything, for {@link ProcessingMetrics#countSanitized}.
 */
final class PostgresText {

    /** What a NUL becomes. */
    static final char REPLACEMENT = '\uFFFD';

    private static final String NUL_ESCAPE = "\\u0000";
    private static final String REPLACEMENT_ESCAPE = "\\ufffd";

    private boolean replaced;

    /** {@code text} with each U+0000 replaced; the same instance (or null) when there is none. */
    String text(String text) {
        if (text == null || text.indexOf('\0') < 0) {
            return text;
        }
        replaced = true;
        return text.replace('\0', REPLACEMENT);
    }

    /**
     * JSON text with each {@code &#92;u0000} escape replaced by {@code &#92;ufffd}; the same instance when there is none. A
     * raw U+0000 cannot occur here: JSON forbids it unescaped, so the parser has refused such a payload already.
     */
    String json(String json) {
        if (json.indexOf(NUL_ESCAPE) < 0) {
            return json;
        }
        StringBuilder out = null;
        int copied = 0;
        int at = json.indexOf('\\');
        // Escapes are read from the left: in "\\u0000" the first backslash escapes the second, so the six
        // characters after it are literal text, not a NUL, and stay.
        while (at >= 0 && at + 1 < json.length()) {
            if (json.startsWith(NUL_ESCAPE, at)) {
                if (out == null) {
                    out = new StringBuilder(json.length());
                }
                out.append(json, copied, at).append(REPLACEMENT_ESCAPE);
                copied = at + NUL_ESCAPE.length();
                at = json.indexOf('\\', copied);
            } else {
                at = json.indexOf('\\', at + 2);
            }
        }
        if (out == null) {
            return json;
        }
        replaced = true;
        return out.append(json, copied, json.length()).toString();
    }

    /** Whether any text given to this instance had a NUL. */
    boolean replacedAny() {
        return replaced;
    }
}
