package com.poblysh.connectors.ingest.webhook;

import org.springframework.http.HttpHeaders;

/**
 * A webhook request before anything parsed its body, as a {@link WebhookVerifier} sees it.
 *
 * @param method  HTTP method, e.g. {@code POST}
 * @param path    the request path as the provider addressed it, e.g. {@code /webhooks/jira/<tenant>} (schemes
 *                that sign the request line, such as Atlassian's {@code qsh}, need it)
 * @param query   the raw query string without {@code ?}, or null
 * @param headers the request headers
 * @param body    the body bytes exactly as received
 */
public record RawWebhook(String method, String path, String query, HttpHeaders headers, byte[] body) {

    /** A POST to {@code path} without query string (tests and schemes that sign only the body). */
    public static RawWebhook post(String path, HttpHeaders headers, byte[] body) {
        return new RawWebhook("POST", path, null, headers, body);
    }
}
