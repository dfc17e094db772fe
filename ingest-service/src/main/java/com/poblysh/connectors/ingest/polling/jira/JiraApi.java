package com.poblysh.connectors.ingest.polling.jira;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.poblysh.connectors.ingest.jobs.PollException;
import com.poblysh.connectors.ingest.polling.PollingHttp;
import tools.jackson.databind.JsonNode;

/**
 * The Jira Cloud REST calls polling makes, through Atlassian's cloud API with an OAuth 2.0 (3LO) token: the sites a
 * token may read, the user's time zone (JQL dates are read in it), the enhanced JQL search and the paged changelog
 * and comments of one issue. The site listing and addressing are shared with webhook provisioning.
 */
public final class JiraApi {

    /** The fields a poll reads of each issue: enough for the signals, little else. */
    static final String FIELDS = "summary,status,created,updated,issuetype,project,creator,comment";
    /** The page size of the changelog and comment endpoints (their maximum). */
    static final int DETAIL_PAGE = 100;

    private final PollingHttp http;
    private final JiraPollingProperties properties;

    JiraApi(PollingHttp http, JiraPollingProperties properties) {
        this.http = http;
        this.properties = properties;
    }

    /** One site the token may read: its cloud id and its own address, e.g. {@code https://acme.atlassian.net}. */
    public record Site(String cloudId, String url) {
    }

    /** One search page: the issues, the token of the next page (null on the last) and Jira's clock. */
    record SearchPage(List<JsonNode> issues, String nextPageToken, Optional<Instant> date) {
    }

    /** The answer to a search whose page token Jira no longer accepts (they expire after 7 days). */
    static final class ExpiredPageToken extends Exception {
        ExpiredPageToken(String message) {
            super(message);
        }
    }

    List<Site> sites(String token) throws PollException {
        return sites(http, properties.base(), token);
    }

    /**
     * The sites {@code token} may read ({@code <base>/oauth/token/accessible-resources}), those with a usable cloud
     * id; webhook provisioning registers on the same sites as polling reads.
     */
    public static List<Site> sites(PollingHttp http, String base, String token) throws PollException {
        PollingHttp.Answer answer = http.get(URI.create(base + "/oauth/token/accessible-resources"), token, Map.of());
        if (!answer.ok()) {
            throw http.failure(answer, "Jira accessible-resources");
        }
        List<Site> sites = new ArrayList<>();
        for (JsonNode resource : answer.json()) {
            String id = resource.path("id").asString(null);
            String url = resource.path("url").asString(null);
            if (id != null && url != null && id.matches("[A-Za-z0-9-]{1,64}")) {
                sites.add(new Site(id, url.replaceAll("/+$", "")));
            }
        }
        return sites;
    }

    /** The time zone JQL dates of this user are read in. */
    ZoneId timeZone(String cloudId, String token) throws PollException {
        PollingHttp.Answer answer = http.get(site(cloudId, "myself"), token, Map.of());
        if (!answer.ok()) {
            throw http.failure(answer, "Jira myself of site " + cloudId);
        }
        String zone = answer.json().path("timeZone").asString("UTC");
        try {
            return ZoneId.of(zone);
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    SearchPage search(String cloudId, String token, String jql, String pageToken)
            throws PollException, ExpiredPageToken {
        StringBuilder query = new StringBuilder("search/jql?jql=").append(encode(jql))
                .append("&maxResults=").append(properties.pageSize())
                .append("&fields=").append(encode(FIELDS))
                .append("&expand=changelog");
        if (pageToken != null) {
            query.append("&nextPageToken=").append(encode(pageToken));
        }
        PollingHttp.Answer answer = http.get(site(cloudId, query.toString()), token, Map.of());
        if (answer.status() == 400 && pageToken != null) {
            throw new ExpiredPageToken("Jira refused the page token of site " + cloudId);
        }
        if (!answer.ok()) {
            throw http.failure(answer, "Jira search of site " + cloudId);
        }
        JsonNode page = answer.json();
        List<JsonNode> issues = new ArrayList<>();
        page.path("issues").forEach(issues::add);
        String next = page.path("nextPageToken").asString(null);
        boolean last = page.path("isLast").asBoolean(next == null);
        return new SearchPage(issues, last ? null : next, answer.date());
    }

    /** Every changelog entry of the issue, oldest first. */
    List<JsonNode> changelog(String cloudId, String token, String issueId) throws PollException {
        return pages(cloudId, token, "issue/" + encode(issueId) + "/changelog", "values", "");
    }

    /** Every comment of the issue, oldest first. */
    List<JsonNode> comments(String cloudId, String token, String issueId) throws PollException {
        return pages(cloudId, token, "issue/" + encode(issueId) + "/comment", "comments", "&orderBy=created");
    }

    private List<JsonNode> pages(String cloudId, String token, String resource, String member, String extra)
            throws PollException {
        List<JsonNode> all = new ArrayList<>();
        int startAt = 0;
        while (true) {
            PollingHttp.Answer answer = http.get(site(cloudId, resource + "?startAt=" + startAt + "&maxResults="
                    + DETAIL_PAGE + extra), token, Map.of());
            if (!answer.ok()) {
                throw http.failure(answer, "Jira " + resource + " of site " + cloudId);
            }
            JsonNode page = answer.json();
            JsonNode values = page.path(member);
            values.forEach(all::add);
            int total = page.path("total").asInt(all.size());
            if (values.isEmpty() || all.size() >= total || page.path("isLast").asBoolean(false)) {
                return all;
            }
            startAt = all.size();
        }
    }

    private URI site(String cloudId, String resource) {
        return site(properties.base(), cloudId, resource);
    }

    /** {@code <base>/ex/jira/<cloudId>/rest/api/3/<resource>}: where each REST call to one site goes. */
    public static URI site(String base, String cloudId, String resource) {
        return URI.create(base + "/ex/jira/" + cloudId + "/rest/api/3/" + resource);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
