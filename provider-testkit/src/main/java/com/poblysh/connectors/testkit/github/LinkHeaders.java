package com.poblysh.connectors.testkit.github;

import java.util.ArrayList;
import java.util.List;

import okhttp3.HttpUrl;

/**
 * The {@code Link} header GitHub sends with a paged list, in GitHub's order:
 * {@code <…&page=1>; rel="prev", <…&page=3>; rel="next", <…&page=5>; rel="last", <…&page=1>; rel="first"}, each URL
 * the request's own with another {@code page}. None on a list that fits one page.
 */
final class LinkHeaders {

    private LinkHeaders() {
    }

    static String of(HttpUrl request, int page, int last) {
        if (last <= 1 && page <= 1) {
            return null;
        }
        List<String> links = new ArrayList<>();
        if (page > 1) {
            links.add(link(request, Math.min(page - 1, last), "prev"));
        }
        if (page < last) {
            links.add(link(request, page + 1, "next"));
            links.add(link(request, last, "last"));
        }
        if (page > 1) {
            links.add(link(request, 1, "first"));
        }
        return links.isEmpty() ? null : String.join(", ", links);
    }

    private static String link(HttpUrl request, int page, String rel) {
        return "<" + request.newBuilder().setQueryParameter("page", Integer.toString(page)).build() + ">; rel=\"" + rel
                + "\"";
    }
}
