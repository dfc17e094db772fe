package com.poblysh.connectors.ingest.polling.microsoftgraph;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.jobs.PollContext;
import com.poblysh.connectors.ingest.jobs.PollException;
import com.poblysh.connectors.ingest.jobs.PollExecutor;
import com.poblysh.connectors.ingest.jobs.PollPage;
import com.poblysh.connectors.ingest.jobs.PolledEvent;
import com.poblysh.connectors.ingest.polling.PollingHttp;
import com.poblysh.connectors.ingest.polling.microsoftgraph.MicrosoftGraphCursor.State;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static com.poblysh.connectors.common.identity.ETags.unquote;

/**
 * Polls Microsoft Graph with delta queries, one resource after the other: the mail folder's messages
 * ({@code /me/mailFolders/{folder}/messages/delta}), the primary calendar's events in a window
 * ({@code /me/calendarView/delta?startDateTime&endDateTime}; v1.0 has no window-free event delta) and the drive
 * ({@code /me/drive/root/delta}). Each page follows {@code @odata.nextLink}; a round's {@code @odata.deltaLink} is
 * stored and starts the next sync's round. A delta link Graph no longer knows (410, {@code syncStateNotFound},
 * {@code resyncRequired}) restarts that resource with a full round: every item is read again and, as each raw event
 * is keyed by item and version ({@code <kind>:<id>@<changeKey or eTag>}, {@code @deleted} for removals), what was
 * already stored stays one signal. Folders and the drive root are not published: their eTag changes with every
 * file below them, which is no activity of their own.
 */
@Component
@EnableConfigurationProperties(MicrosoftGraphPollingProperties.class)
class MicrosoftGraphPollExecutor implements PollExecutor {

    private static final Logger log = LoggerFactory.getLogger(MicrosoftGraphPollExecutor.class);
    /** Message fields the signals use; delta keeps the selection in its links. */
    static final String MESSAGE_FIELDS = "subject,from,sender,receivedDateTime,createdDateTime,lastModifiedDateTime,"
            + "webLink,changeKey,isRead,isDraft";
    /** Error codes that say the delta state is gone (besides a plain 410). */
    static final Set<String> RESYNC_CODES = Set.of("syncStateNotFound", "syncStateInvalid", "resyncRequired",
            "resyncChangesApplyDifferences", "resyncChangesUploadDifferences");

    private final MicrosoftGraphPollingProperties properties;
    private final PollingHttp http;
    private final AccessTokens tokens;
    private final Clock clock;
    private final JsonMapper json;
    private final URI origin;

    MicrosoftGraphPollExecutor(MicrosoftGraphPollingProperties properties, AccessTokens tokens, Clock clock,
            MeterRegistry meters, JsonMapper json) {
        this.properties = properties;
        this.http = new PollingHttp(Provider.MICROSOFT_GRAPH, properties.timeout(), clock, meters);
        this.tokens = tokens;
        this.clock = clock;
        this.json = json;
        this.origin = URI.create(properties.base());
    }

    @Override
    public Provider provider() {
        return Provider.MICROSOFT_GRAPH;
    }

    @Override
    public PollPage poll(PollContext context) throws PollException {
        String token = PollingHttp.accessToken(tokens, context);
        return page(context, token);
    }

    private PollPage page(PollContext context, String token) throws PollException {
        MicrosoftGraphCursor cursor = MicrosoftGraphCursor.parse(context.cursor());
        MicrosoftGraphResource resource = cursor.current == null ? MicrosoftGraphResource.values()[0]
                : cursor.current;
        cursor.current = resource;
        State state = cursor.state(resource);
        boolean fresh = false;
        URI uri;
        if (state.nextLink != null) {
            uri = link(state.nextLink);
        } else if (state.deltaLink != null && !windowOutdated(resource, state)) {
            uri = link(state.deltaLink);
        } else {
            fresh = true;
            uri = initial(resource, state);
        }
        PollingHttp.Answer answer = http.get(uri, token, Map.of("Prefer", "odata.maxpagesize="
                + properties.pageSize()));
        if (!answer.ok()) {
            if (resync(answer)) {
                if (fresh) {
                    throw PollException.transientFailure("sync_state_lost", "Graph refused a new delta round of "
                            + resource.key() + " as if its state were gone (" + answer.status() + ")", null);
                }
                log.info("Graph dropped the delta state of {} of connection {} ({}): starting a full round",
                        resource.key(), context.connectionId(), answer.status());
                state.reset();
                return PollPage.more(List.of(), cursor.toJson());
            }
            throw http.failure(answer, "Graph " + resource.key() + " delta");
        }
        JsonNode page = answer.json();
        List<PolledEvent> events = new ArrayList<>();
        for (JsonNode item : page.path("value")) {
            if (!item.isObject() || !item.path("id").isString() || skipped(resource, item)) {
                continue;
            }
            ObjectNode payload = ((ObjectNode) item).deepCopy();
            // the signal never uses an event's HTML body, and a long one could outgrow the topic's record size
            payload.remove("body");
            events.add(new PolledEvent(resource.eventType(), identity(resource.kind(), item),
                    json.writeValueAsBytes(payload)));
        }
        String nextLink = page.path("@odata.nextLink").asString(null);
        String deltaLink = page.path("@odata.deltaLink").asString(null);
        if (nextLink != null) {
            link(nextLink);
            state.nextLink = nextLink;
            return PollPage.more(events, cursor.toJson());
        }
        if (deltaLink == null) {
            throw PollException.transientFailure("invalid_response", "Graph's " + resource.key()
                    + " delta page has neither @odata.nextLink nor @odata.deltaLink", null);
        }
        link(deltaLink);
        state.deltaLink = deltaLink;
        state.nextLink = null;
        Optional<MicrosoftGraphResource> after = resource.next();
        if (after.isPresent()) {
            cursor.current = after.get();
            return PollPage.more(events, cursor.toJson());
        }
        cursor.current = null;
        return PollPage.last(events, cursor.toJson());
    }

    /** The first request of a full round; for events it fixes the calendar window of the round. */
    private URI initial(MicrosoftGraphResource resource, State state) {
        state.reset();
        String base = properties.base();
        return switch (resource) {
            case MESSAGES -> URI.create(base + "/me/mailFolders/" + properties.mailFolder() + "/messages/delta?$select="
                    + encode(MESSAGE_FIELDS));
            case EVENTS -> {
                Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                state.windowStart = now.minus(properties.calendarPast());
                state.windowEnd = now.plus(properties.calendarFuture());
                yield URI.create(base + "/me/calendarView/delta?startDateTime=" + encode(state.windowStart.toString())
                        + "&endDateTime=" + encode(state.windowEnd.toString()));
            }
            case DRIVE -> URI.create(base + "/me/drive/root/delta");
        };
    }

    /** A delta link keeps its calendar window; once the window is old enough a new round moves it on. */
    private boolean windowOutdated(MicrosoftGraphResource resource, State state) {
        return resource == MicrosoftGraphResource.EVENTS && state.windowStart != null
                && state.windowStart.plus(properties.calendarPast()).plus(properties.calendarRefresh())
                        .isBefore(clock.instant());
    }

    private static boolean skipped(MicrosoftGraphResource resource, JsonNode item) {
        return resource == MicrosoftGraphResource.DRIVE && !item.has("deleted")
                && (item.has("root") || item.has("folder"));
    }

    /** Whether Graph says the delta state is gone, so only a full round helps. */
    private static boolean resync(PollingHttp.Answer answer) {
        return answer.status() == 410
                || RESYNC_CODES.contains(answer.jsonOrMissing().path("error").path("code").asString(""));
    }

    /** A link Graph handed out, followed only on the configured API's origin: the bearer token goes with it. */
    private URI link(String link) throws PollException {
        URI uri;
        try {
            uri = URI.create(link);
        } catch (IllegalArgumentException e) {
            throw PollException.transientFailure("invalid_response", "Graph handed out a malformed link", e);
        }
        if (!origin.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                || !origin.getHost().equalsIgnoreCase(String.valueOf(uri.getHost()))
                || port(origin) != port(uri)
                || uri.getRawPath() == null || !uri.getRawPath().startsWith(origin.getRawPath())) {
            throw PollException.permanent("unexpected_link", "Graph handed out a link outside " + origin
                    + ": " + uri.getScheme() + "://" + uri.getHost());
        }
        return uri;
    }

    /**
     * The item and version a raw event reports, as the processor's normalizer names it for a notification of the
     * same change: {@code <kind>:<id>@<changeKey>} (Outlook items; their {@code @odata.etag} is
     * {@code W/"<changeKey>"}), {@code <kind>:<id>@<eTag>} (drive items, quotes dropped), {@code <kind>:<id>@deleted}.
     */
    static String identity(String kind, JsonNode item) {
        String id = item.path("id").asString();
        if (item.has("@removed") || item.has("deleted")) {
            return kind + ":" + id + "@deleted";
        }
        for (String version : new String[] {item.path("changeKey").asString(null),
                unquote(item.path("eTag").asString(null)), unquote(item.path("@odata.etag").asString(null)),
                item.path("lastModifiedDateTime").asString(null)}) {
            if (version != null && !version.isBlank()) {
                return kind + ":" + id + "@" + version;
            }
        }
        return kind + ":" + id + "@unversioned";
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
