package com.poblysh.connectors.common.identity;

/** Entity tags as providers send them ({@code W/"abc"}, {@code "abc"}), reduced to the version they carry. */
public final class ETags {

    private ETags() {
    }

    /** {@code W/"abc"} or {@code "abc"} → {@code abc}; null stays null, an unquoted tag stays as it is. */
    public static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        String value = etag.startsWith("W/") ? etag.substring(2) : etag;
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
