package com.poblysh.connectors.ingest.polling.jira;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.jobs.PollContext;
import com.poblysh.connectors.ingest.jobs.PollException;
import com.poblysh.connectors.ingest.jobs.PollExecutor;
import com.poblysh.connectors.ingest.jobs.PollPage;
import com.poblysh.connectors.ingest.jobs.PolledEvent;
import com.poblysh.connectors.ingest.jobs.SyncType;
import com.poblysh.connectors.ingest.polling.PollingHttp;
import com.poblysh.connectors.ingest.polling.jira.JiraChanges.Change;
import com.poblysh.connectors.ingest.polling.jira.JiraCursor.Run;
import com.poblysh.connectors.ingest.polling.jira.JiraCursor.SiteState;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Polls Jira Cloud: every site the connection's token may read ({@code accessible-resources}), one after the other,
 * with the enhanced JQL search {@code updated >= "<since, to the minute>" ORDER BY updated ASC, key ASC}, changelog
 * expanded, paged by {@code nextPageToken}; each issue's creation, changelog entries and comments since then become
 * raw events ({@link JiraChanges}). JQL dates have minute precision and are read in the user's time zone, so the
 * lower bound is the start of the minute in that zone (inclusive) and the changes of that minute already published
 * are remembered ({@link JiraCursor}): ties on the boundary are read again, never lost, and not published twice. The
 * next sync starts at the newest {@code updated} read, but no later than Jira's clock at this sync's first page
 * less the index lag, since the search index trails writes.
 */
@Component
@EnableConfigurationProperties(JiraPollingProperties.class)
class JiraPollExecutor implements PollExecutor {

    private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Instant EVERYTHING = Instant.EPOCH;

    private final JiraApi api;
    private final JiraPollingProperties properties;
    private final AccessTokens tokens;
    private final Clock clock;
    private final JsonMapper json;

    JiraPollExecutor(JiraPollingProperties properties, AccessTokens tokens, Clock clock, MeterRegistry meters,
            JsonMapper json) {
        this.properties = properties;
        this.api = new JiraApi(new PollingHttp(Provider.JIRA, properties.timeout(), clock, meters), properties);
        this.tokens = tokens;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public Provider provider() {
        return Provider.JIRA;
    }

    @Override
    public PollPage poll(PollContext context) throws PollException {
        String token = PollingHttp.accessToken(tokens, context);
        JiraCursor cursor = JiraCursor.parse(context.cursor());
        if (cursor.run == null) {
            List<JiraApi.Site> sites = api.sites(token);
            Set<String> ids = sites.stream().map(JiraApi.Site::cloudId).collect(Collectors.toSet());
            cursor.sites.keySet().retainAll(ids);
            for (JiraApi.Site site : sites) {
                cursor.sites.computeIfAbsent(site.cloudId(), id -> new SiteState()).url = site.url();
            }
            if (sites.isEmpty()) {
                return PollPage.last(List.of(), cursor.toJson());
            }
            cursor.run = new Run();
            cursor.run.pending.addAll(cursor.sites.keySet());
        }
        Run run = cursor.run;
        if (run.site == null) {
            start(cursor, run, context.type(), token);
        }
        SiteState site = cursor.sites.get(run.site);
        JiraApi.SearchPage page;
        try {
            page = api.search(run.site, token, run.jql, run.token);
        } catch (JiraApi.ExpiredPageToken e) {
            // the token outlived its 7 days (a job that waited long): read the site's query again from its start
            run.token = null;
            page = searchWithoutToken(run, token);
        }
        if (run.bound == null) {
            run.bound = page.date().orElse(clock.instant()).minus(properties.indexLag());
        }
        Instant floor = run.from == null ? null : JiraCursor.minute(run.from);
        List<PolledEvent> events = new ArrayList<>();
        JiraChanges.Details details = details(run.site, token);
        for (JsonNode issue : page.issues()) {
            Instant updated = JiraChanges.time(issue.at("/fields/updated"));
            if (updated != null && (run.high == null || updated.isAfter(run.high))) {
                run.high = updated;
            }
            for (Change change : JiraChanges.of(issue, run.site, site.url, floor, details)) {
                if (!site.seen.contains(change.identity()) && !run.seen.containsKey(change.identity())) {
                    events.add(new PolledEvent(change.eventType(), change.identity(),
                            json.writeValueAsBytes(change.payload())));
                }
                run.saw(change.identity(), change.at());
            }
        }
        run.prune();
        if (page.nextPageToken() != null) {
            run.token = page.nextPageToken();
            return PollPage.more(events, cursor.toJson());
        }
        site.since = run.next(site.since);
        long boundary = JiraCursor.minute(site.since == null ? EVERYTHING : site.since).toEpochMilli();
        site.seen = run.seen.entrySet().stream().filter(e -> e.getValue() >= boundary).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        run.site = null;
        if (!run.pending.isEmpty()) {
            return PollPage.more(events, cursor.toJson());
        }
        cursor.run = null;
        return PollPage.last(events, cursor.toJson());
    }

    /** Starts the next pending site's search: from its stored point (incremental) or from the beginning (full). */
    private void start(JiraCursor cursor, Run run, SyncType type, String token) throws PollException {
        run.site = run.pending.remove(0);
        SiteState site = cursor.sites.get(run.site);
        if (site.timeZone == null) {
            site.timeZone = api.timeZone(run.site, token).getId();
        }
        run.from = type == SyncType.FULL ? null : site.since;
        run.jql = jql(run.from == null ? EVERYTHING : run.from, ZoneId.of(site.timeZone));
        run.token = null;
        run.high = null;
        run.bound = null;
        run.seen.clear();
    }

    private JiraApi.SearchPage searchWithoutToken(Run run, String token) throws PollException {
        try {
            return api.search(run.site, token, run.jql, null);
        } catch (JiraApi.ExpiredPageToken impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private JiraChanges.Details details(String cloudId, String token) {
        return new JiraChanges.Details() {
            @Override
            public List<JsonNode> changelog(String issueId) throws PollException {
                return api.changelog(cloudId, token, issueId);
            }

            @Override
            public List<JsonNode> comments(String issueId) throws PollException {
                return api.comments(cloudId, token, issueId);
            }
        };
    }

    /**
     * The search of everything updated since the start of {@code since}'s minute, written in the user's time zone
     * as JQL reads it. In the hour a clock goes back the local time names two instants and Jira may take the later
     * one; the local time before the overlap then reads a few issues twice rather than none.
     */
    static String jql(Instant since, ZoneId zone) {
        Instant minute = JiraCursor.minute(since);
        LocalDateTime local = LocalDateTime.ofInstant(minute, zone);
        if (zone.getRules().getValidOffsets(local).size() > 1) {
            local = local.minus(zone.getRules().getTransition(local).getDuration().abs());
        }
        return "updated >= \"" + JQL_TIME.format(local) + "\" ORDER BY updated ASC, key ASC";
    }
}
