package com.poblysh.connectors.ingest.polling.github;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's {@code Link} header, e.g.
 * {@code <https://api.github.com/user/repos?page=3&per_page=100>; rel="next", <…?page=50&per_page=100>; rel="last"}:
 * the URL of each relation. A list that fits one page has none.
 */
public final class LinkHeader {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";]+)\"?");

    private final Map<String, String> byRel;

    private LinkHeader(Map<String, String> byRel) {
        this.byRel = byRel;
    }

    /** The relations of {@code header}; none for null or junk. */
    public static LinkHeader parse(String header) {
        Map<String, String> byRel = new LinkedHashMap<>();
        if (header != null) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher rel = REL.matcher(link.group(2));
                if (rel.find()) {
                    for (String name : rel.group(1).trim().split("\\s+")) {
                        byRel.putIfAbsent(name, link.group(1));
                    }
                }
            }
        }
        return new LinkHeader(byRel);
    }

    /** The URL of {@code rel} ({@code next}, {@code last}, ...). */
    public Optional<String> url(String rel) {
        return Optional.ofNullable(byRel.get(rel));
    }

    /** Whether another page follows this one. */
    boolean hasNext() {
        return byRel.containsKey("next");
    }
}
