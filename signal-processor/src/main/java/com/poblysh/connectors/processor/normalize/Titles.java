package com.poblysh.connectors.processor.normalize;

/** Short, single-line titles from free text (message bodies, subjects). */
public final class Titles {

    /** Longest title kept; longer text is cut at a word boundary and ends with an ellipsis. */
    public static final int MAX_CHARS = 140;

    private Titles() {
    }

    /** The first line of {@code text} with whitespace collapsed, at most {@link #MAX_CHARS}; null when blank. */
    public static String snippet(String text) {
        if (text == null) {
            return null;
        }
        String line = text.strip().lines().findFirst().orElse("").replaceAll("\\s+", " ").strip();
        if (line.isEmpty()) {
            return null;
        }
        if (line.length() <= MAX_CHARS) {
            return line;
        }
        String cut = line.substring(0, MAX_CHARS - 1);
        int space = cut.lastIndexOf(' ');
        return (space > MAX_CHARS / 2 ? cut.substring(0, space) : cut) + "…";
    }
}
