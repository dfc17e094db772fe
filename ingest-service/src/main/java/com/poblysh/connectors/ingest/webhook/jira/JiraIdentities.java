package com.poblysh.connectors.ingest.webhook.jira;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import tools.jackson.databind.JsonNode;

/**
 * What a Jira delivery names: its site, from the {@code self} links of the objects it carries ({@code issue},
 * {@code comment}, {@code user}, {@code sprint}, ...): the host of {@code https://acme.atlassian.net/rest/...} or the
 * cloud id of {@code https://api.atlassian.com/ex/jira/<cloud id>/rest/...}; and the ids of the REST-registered
 * webhooks that matched ({@code matchedWebhookIds}).
 */
final class JiraIdentities {

    private static final String GATEWAY = "api.atlassian.com";
    private static final Pattern GATEWAY_PATH = Pattern.compile("/ex/jira/([0-9A-Za-z-]{1,64})(/.*)?");
    private static final Pattern HOST = Pattern.compile("[a-z0-9.-]{1,253}");

    private JiraIdentities() {
    }

    static Set<ExternalIdentity> of(JsonNode body) {
        Set<ExternalIdentity> found = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode self = field.getValue().path("self");
            if (self.isString()) {
                site(self.stringValue(), found);
            }
        }
        for (JsonNode id : body.path("matchedWebhookIds")) {
            if (id.isIntegralNumber()) {
                found.add(ExternalIdentity.of(IdentityKind.JIRA_WEBHOOK, Long.toString(id.asLong())));
            }
        }
        return found;
    }

    private static void site(String link, Set<ExternalIdentity> found) {
        URI uri;
        try {
            uri = new URI(link);
        } catch (URISyntaxException e) {
            return;
        }
        String host = uri.getHost();
        if (host == null || !"https".equalsIgnoreCase(uri.getScheme())) {
            return;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (GATEWAY.equals(host)) {
            Matcher cloud = GATEWAY_PATH.matcher(uri.getPath() == null ? "" : uri.getPath());
            if (cloud.matches()) {
                found.add(ExternalIdentity.of(IdentityKind.JIRA_CLOUD, cloud.group(1)));
            }
        } else if (HOST.matcher(host).matches()) {
            found.add(ExternalIdentity.of(IdentityKind.JIRA_SITE, host));
        }
    }
}
