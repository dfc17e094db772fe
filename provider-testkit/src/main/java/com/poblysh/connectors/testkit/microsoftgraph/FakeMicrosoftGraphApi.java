package com.poblysh.connectors.testkit.microsoftgraph;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.testkit.FakeServer;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for Microsoft Graph v1.0 ({@code https://graph.microsoft.com/v1.0}) that behaves like it for the
 * delta queries polling reads, per mailbox (one bearer token each): {@code /me/mailFolders/{folder}/messages/delta}
 * ({@code $select} honoured), {@code /me/calendarView/delta?startDateTime&endDateTime} (the window is fixed by the
 * round's first request; changed events outside it come back as {@code @removed}) and {@code /me/drive/root/delta}
 * (the root first, deleted items with a {@code deleted} facet). A round pages through {@code @odata.nextLink}
 * ({@code Prefer: odata.maxpagesize}, 10 by default) and ends with an {@code @odata.deltaLink} that returns what
 * changed since, removed items as {@code @removed}. Faults per collection: an answer with any status and headers
 * for the n-th request from now on (429 or 503 with {@code Retry-After}, 500, 401), and expired state tokens,
 * answered 410 with {@code syncStateNotFound} (Outlook) or {@code resyncRequired} (OneDrive). Unknown tokens get 401.
 */
public final class FakeMicrosoftGraphApi implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ROOT = "/v1.0";
    private static final Pattern MESSAGES = Pattern.compile("/v1\\.0/me/mailFolders/([A-Za-z0-9=_-]+)/messages/delta");
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    private static final int DEFAULT_PAGE = 10;

    private final FakeServer server;
    private final Clock clock;
    private final Map<String, Mailbox> grants = new ConcurrentHashMap<>();

    private FakeMicrosoftGraphApi(Clock clock) {
        this.clock = clock;
        this.server = FakeServer.start(clock, this::answer);
    }

    /** A started fake whose clock is the system's. */
    public static FakeMicrosoftGraphApi start() {
        return start(Clock.systemUTC());
    }

    /** A started fake whose {@code Date} headers come from {@code clock}. */
    public static FakeMicrosoftGraphApi start(Clock clock) {
        return new FakeMicrosoftGraphApi(clock);
    }

    /** The stand-in for {@code https://graph.microsoft.com/v1.0}, e.g. {@code http://127.0.0.1:41234/v1.0}. */
    public String baseUrl() {
        return server.url(ROOT);
    }

    /** A new, empty mailbox (with its calendar and drive) read with {@code token}. */
    public Mailbox mailbox(String token) {
        Mailbox mailbox = new Mailbox(UUID.randomUUID().toString());
        grants.put(token, mailbox);
        return mailbox;
    }

    /** Lets {@code token} read {@code mailbox} too (a refreshed token). */
    public FakeMicrosoftGraphApi grant(String token, Mailbox mailbox) {
        grants.put(token, mailbox);
        return this;
    }

    /** Refuses {@code token} from now on (an expired access token). */
    public FakeMicrosoftGraphApi revoke(String token) {
        grants.remove(token);
        return this;
    }

    /** Every request answered so far, oldest first. */
    public List<FakeServer.Request> requests() {
        return server.requests();
    }

    /** The requests made with {@code token}. */
    public List<FakeServer.Request> requests(String token) {
        return server.requests(token);
    }

    @Override
    public void close() {
        server.close();
    }

    private MockResponse answer(RecordedRequest request, FakeServer.Request logged) {
        String token = logged.token();
        Mailbox mailbox = token == null ? null : grants.get(token);
        if (mailbox == null) {
            return error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.",
                    Map.of());
        }
        String path = logged.path();
        Matcher messages = MESSAGES.matcher(path);
        Collection collection;
        if (messages.matches()) {
            if (!messages.group(1).equalsIgnoreCase(mailbox.messages.folder)) {
                return error(404, "ErrorItemNotFound", "The specified folder could not be found in the store.",
                        Map.of());
            }
            collection = mailbox.messages;
        } else if (path.equals(ROOT + "/me/calendarView/delta")) {
            collection = mailbox.events;
        } else if (path.equals(ROOT + "/me/drive/root/delta")) {
            collection = mailbox.drive;
        } else {
            return error(404, "ResourceNotFound", "Resource not found for the segment.", Map.of());
        }
        return collection.delta(request);
    }

    MockResponse json(int code, String body, Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putIfAbsent("request-id", UUID.randomUUID().toString());
        return server.json(code, "application/json;odata.metadata=minimal;odata.streaming=true;"
                + "IEEE754Compatible=false;charset=utf-8", body, all);
    }

    MockResponse error(int code, String errorCode, String message, Map<String, String> headers) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", errorCode).put("message", message).putObject("innerError")
                .put("date", GRAPH_TIME.format(clock.instant().atOffset(ZoneOffset.UTC)))
                .put("request-id", UUID.randomUUID().toString());
        return json(code, body.toString(), headers);
    }

    static String time(Instant instant) {
        return GRAPH_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }


    private record Fault(int status, Map<String, String> headers, String body) {
    }

    /** One change of a collection: the item's state after it, or its removal. */
    private record Change(int seq, String id, ObjectNode state, boolean removed) {
    }

    /** A user's mailbox: the mail folder, the primary calendar and the drive. */
    public final class Mailbox {

        private final String userId;
        private final Collection messages;
        private final Collection events;
        private final Collection drive;

        private Mailbox(String userId) {
            this.userId = userId;
            this.messages = new Collection(this, "message", "$deltatoken", "$skiptoken", "syncStateNotFound");
            this.events = new Collection(this, "event", "$deltatoken", "$skiptoken", "syncStateNotFound");
            this.drive = new Collection(this, "driveItem", "token", "token", "resyncRequired");
            ObjectNode root = JSON.createObjectNode().put("id", "01ROOT" + userId.substring(0, 8).toUpperCase())
                    .put("name", "root").put("webUrl", "https://contoso-my.sharepoint.com/personal/" + userId
                            + "/Documents");
            root.putObject("root");
            root.putObject("folder").put("childCount", 0);
            root.putObject("parentReference").put("driveId", driveId()).put("driveType", "business");
            drive.put(root.path("id").asString(), root);
        }

        public String userId() {
            return userId;
        }

        /** The mail folder's messages ({@code inbox} unless {@link Collection#folder(String)} says otherwise). */
        public Collection messages() {
            return messages;
        }

        /** The primary calendar's events. */
        public Collection events() {
            return events;
        }

        /** The drive's items. */
        public Collection drive() {
            return drive;
        }

        String driveId() {
            return "b!" + userId.replace("-", "").substring(0, 20);
        }

        /** A message from {@code from} arriving in the mail folder at {@code at}. */
        public Item deliver(String subject, String from, Instant at) {
            String id = "AAMkAD" + UUID.randomUUID().toString().replace("-", "") + "=";
            ObjectNode message = JSON.createObjectNode().put("@odata.type", "#microsoft.graph.message")
                    .put("id", id).put("createdDateTime", time(at)).put("lastModifiedDateTime", time(at))
                    .put("receivedDateTime", time(at)).put("sentDateTime", time(at.minusSeconds(2)))
                    .put("subject", subject).put("isRead", false).put("isDraft", false)
                    .put("webLink", "https://outlook.office365.com/owa/?ItemID=" + id.substring(0, 12)
                            + "&exvsurl=1&viewmodel=ReadMessageItem");
            message.putObject("from").putObject("emailAddress").put("name", from.substring(0, from.indexOf('@')))
                    .put("address", from);
            message.set("sender", message.get("from").deepCopy());
            message.putObject("body").put("contentType", "html").put("content", "<html><body>" + subject
                    + "</body></html>");
            return messages.create(id, message, at);
        }

        /** A meeting {@code organizer} puts in the calendar at {@code at}, starting at {@code start}. */
        public Item schedule(String subject, String organizer, Instant at, Instant start) {
            String id = "AAMkAGI2" + UUID.randomUUID().toString().replace("-", "") + "=";
            ObjectNode event = JSON.createObjectNode().put("@odata.type", "#microsoft.graph.event").put("id", id)
                    .put("createdDateTime", time(at)).put("lastModifiedDateTime", time(at))
                    .put("subject", subject).put("isCancelled", false).put("type", "singleInstance")
                    .put("webLink", "https://outlook.office365.com/owa/?itemid=" + id.substring(0, 12)
                            + "&exvsurl=1&path=/calendar/item");
            event.putObject("organizer").putObject("emailAddress").put("name", organizer.substring(0,
                    organizer.indexOf('@'))).put("address", organizer);
            event.putObject("start").put("dateTime", LocalDateTime.ofInstant(start, ZoneOffset.UTC) + ".0000000")
                    .put("timeZone", "UTC");
            event.putObject("end").put("dateTime", LocalDateTime.ofInstant(start.plusSeconds(1800), ZoneOffset.UTC)
                    + ".0000000").put("timeZone", "UTC");
            event.putObject("body").put("contentType", "html").put("content", "<html><body>Agenda</body></html>");
            return events.create(id, event, at);
        }

        /** A file {@code by} uploads to the drive's root at {@code at}. */
        public Item upload(String name, String by, Instant at) {
            String id = "01BYE5RZ" + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
            ObjectNode item = JSON.createObjectNode().put("id", id).put("name", name)
                    .put("createdDateTime", time(at)).put("lastModifiedDateTime", time(at)).put("size", 1024)
                    .put("webUrl", "https://contoso-my.sharepoint.com/personal/" + userId + "/Documents/" + name);
            ObjectNode user = JSON.createObjectNode();
            user.putObject("user").put("email", by).put("displayName", by.substring(0, by.indexOf('@')));
            item.set("createdBy", user);
            item.set("lastModifiedBy", user.deepCopy());
            item.putObject("parentReference").put("driveId", driveId()).put("driveType", "business")
                    .put("id", "01ROOT" + userId.substring(0, 8).toUpperCase()).put("path", "/drive/root:");
            item.putObject("file").put("mimeType", "application/octet-stream");
            return drive.create(id, item, at);
        }
    }

    /** One of a mailbox's delta collections: its items' changes, state tokens and faults. */
    public final class Collection {

        private final Mailbox mailbox;
        private final String type;
        private final String deltaParameter;
        private final String skipParameter;
        private final String resyncCode;
        private final List<Change> changes = new CopyOnWriteArrayList<>();
        private final Map<String, Item> items = new ConcurrentHashMap<>();
        private final Map<Integer, Fault> faults = new ConcurrentHashMap<>();
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger seq = new AtomicInteger();
        private volatile int epoch;
        private volatile String folder = "inbox";

        private Collection(Mailbox mailbox, String type, String deltaParameter, String skipParameter,
                String resyncCode) {
            this.mailbox = mailbox;
            this.type = type;
            this.deltaParameter = deltaParameter;
            this.skipParameter = skipParameter;
            this.resyncCode = resyncCode;
        }

        /** Names the mail folder the messages are in (well-known name or id). */
        public Collection folder(String name) {
            folder = name;
            return this;
        }

        /**
         * The {@code n}-th request of this collection from now on (1 = the next one) is answered with
         * {@code status}, {@code headers} and, unless null, {@code body}, once.
         */
        public Collection fail(int n, int status, Map<String, String> headers, String body) {
            faults.put(requests.get() + n, new Fault(status, headers, body));
            return this;
        }

        /** Every state token handed out so far is refused with 410 from now on (Graph's sync state is gone). */
        public Collection expireStateTokens() {
            epoch++;
            return this;
        }

        /** The requests this collection answered (faults included). */
        public int requests() {
            return requests.get();
        }

        /** The current items, by id, not removed ones. */
        public List<Item> items() {
            return items.values().stream().filter(i -> !i.removed).toList();
        }

        private Item create(String id, ObjectNode state, Instant at) {
            Item item = new Item(this, id, state);
            items.put(id, item);
            item.record(at);
            return item;
        }

        private void put(String id, ObjectNode state) {
            Item item = new Item(this, id, state);
            items.put(id, item);
            item.version = 0;
            item.stamp();
            changes.add(new Change(seq.incrementAndGet(), id, item.state.deepCopy(), false));
        }

        private MockResponse delta(RecordedRequest request) {
            Fault fault = faults.remove(requests.incrementAndGet());
            if (fault != null) {
                return fault.body() == null ? error(fault.status(), fault.status() == 429 ? "TooManyRequests"
                        : fault.status() == 503 ? "ServiceUnavailable" : "generalException",
                        "Injected fault " + fault.status(), fault.headers())
                        : json(fault.status(), fault.body(), fault.headers());
            }
            HttpUrl url = request.getUrl();
            String skipToken = url.queryParameter(skipParameter);
            String deltaToken = url.queryParameter(deltaParameter);
            String token = skipToken != null ? skipToken : deltaToken;
            Round round;
            if (token != null) {
                round = Round.parse(token);
                if (round == null || round.epoch != epoch) {
                    return error(410, resyncCode, "The sync state generation is not found or the delta token "
                            + "has expired; a full synchronization is required.", Map.of());
                }
                if (!round.skip) {
                    // the first request of a new round: what changed since the token's point, up to now
                    round = new Round(epoch, round.snapshot, seq.get(), 0, round.start, round.end, round.select,
                            true);
                }
            } else {
                Instant start = null;
                Instant end = null;
                if (type.equals("event")) {
                    String s = url.queryParameter("startDateTime") != null ? url.queryParameter("startDateTime")
                            : url.queryParameter("startdatetime");
                    String e = url.queryParameter("endDateTime") != null ? url.queryParameter("endDateTime")
                            : url.queryParameter("enddatetime");
                    if (s == null || e == null) {
                        return error(400, "ErrorInvalidParameter", "This request requires a time window specified "
                                + "by the query string parameters StartDateTime and EndDateTime.", Map.of());
                    }
                    start = Instant.parse(s);
                    end = Instant.parse(e);
                }
                round = new Round(epoch, -1, seq.get(), 0, start, end, url.queryParameter("$select"), true);
            }
            List<ObjectNode> all = round.items(this);
            int size = pageSize(request);
            int end = Math.min(all.size(), round.offset + size);
            ArrayNode value = JSON.createArrayNode();
            all.subList(Math.min(round.offset, end), end).forEach(value::add);
            String path = url.encodedPath();
            ObjectNode page = JSON.createObjectNode().put("@odata.context", baseUrl() + "/$metadata#Collection("
                    + type + ")");
            if (end < all.size()) {
                page.put("@odata.nextLink", server.url(path) + "?" + skipParameter + "="
                        + new Round(epoch, round.from, round.snapshot, end, round.start, round.end, round.select,
                                true).encode());
            } else {
                page.put("@odata.deltaLink", server.url(path) + "?" + deltaParameter + "="
                        + new Round(epoch, round.snapshot, round.snapshot, 0, round.start, round.end, round.select,
                                false).encode());
            }
            page.set("value", value);
            Map<String, String> headers = new LinkedHashMap<>();
            if (request.getHeaders().get("Prefer") != null) {
                headers.put("Preference-Applied", "odata.maxpagesize=" + size);
            }
            return json(200, page.toString(), headers);
        }

        private int pageSize(RecordedRequest request) {
            String prefer = request.getHeaders().get("Prefer");
            if (prefer != null) {
                Matcher m = Pattern.compile("odata\\.maxpagesize=(\\d+)").matcher(prefer);
                if (m.find()) {
                    return Math.max(1, Integer.parseInt(m.group(1)));
                }
            }
            return DEFAULT_PAGE;
        }

        /** The latest change of each item after {@code from} up to {@code snapshot} (from -1: every live item). */
        private List<ObjectNode> changed(Round round) {
            Map<String, Change> latest = new LinkedHashMap<>();
            for (Change change : changes) {
                if (change.seq() <= round.snapshot && (round.from < 0 || change.seq() > round.from)) {
                    latest.remove(change.id());
                    latest.put(change.id(), change);
                }
            }
            List<ObjectNode> out = new ArrayList<>();
            for (Change change : latest.values()) {
                boolean inWindow = round.start == null || change.removed() || inWindow(change.state(), round);
                if (round.from < 0 && (change.removed() || !inWindow)) {
                    continue; // an initial round lists what exists (in the window)
                }
                if (change.removed() || !inWindow) {
                    out.add(removed(change.id()));
                } else {
                    out.add(select(change.state(), round.select));
                }
            }
            return out;
        }

        private boolean inWindow(ObjectNode event, Round round) {
            Instant start = LocalDateTime.parse(event.at("/start/dateTime").asString()).toInstant(ZoneOffset.UTC);
            return !start.isBefore(round.start) && start.isBefore(round.end);
        }

        private ObjectNode removed(String id) {
            if (type.equals("driveItem")) {
                ObjectNode item = JSON.createObjectNode().put("id", id);
                item.putObject("deleted").put("state", "deleted");
                item.putObject("parentReference").put("driveId", mailbox.driveId()).put("driveType", "business");
                return item;
            }
            ObjectNode item = JSON.createObjectNode().put("@odata.type", "#microsoft.graph." + type).put("id", id);
            item.putObject("@removed").put("reason", "deleted");
            return item;
        }

        private static ObjectNode select(ObjectNode state, String select) {
            if (select == null || select.isBlank()) {
                return state.deepCopy();
            }
            Set<String> keep = new HashSet<>(List.of(select.split(",")));
            ObjectNode out = JSON.createObjectNode();
            for (String name : state.propertyNames()) {
                if (name.startsWith("@odata.") || name.equals("id") || keep.contains(name)) {
                    out.set(name, state.get(name).deepCopy());
                }
            }
            return out;
        }
    }

    /** Where a delta round is: the change it started after, its snapshot, the offset, the calendar window. */
    private record Round(int epoch, int from, int snapshot, int offset, Instant start, Instant end, String select,
            boolean skip) {

        String encode() {
            String text = String.join("|", String.valueOf(epoch), String.valueOf(from), String.valueOf(snapshot),
                    String.valueOf(offset), start == null ? "" : start.toString(), end == null ? "" : end.toString(),
                    select == null ? "" : select, skip ? "s" : "d");
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        static Round parse(String token) {
            try {
                String[] p = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
                if (p.length != 8) {
                    return null;
                }
                return new Round(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                        Integer.parseInt(p[3]), p[4].isEmpty() ? null : Instant.parse(p[4]),
                        p[5].isEmpty() ? null : Instant.parse(p[5]), p[6].isEmpty() ? null : p[6], p[7].equals("s"));
            } catch (RuntimeException e) {
                return null;
            }
        }

        List<ObjectNode> items(Collection collection) {
            return collection.changed(this);
        }
    }

    /** One message, event or drive item; every change gives it a new change key (or eTag). */
    public static final class Item {

        private final Collection collection;
        private final String id;
        private final ObjectNode state;
        private volatile int version;
        private volatile boolean removed;

        private Item(Collection collection, String id, ObjectNode state) {
            this.collection = collection;
            this.id = id;
            this.state = state;
        }

        public String id() {
            return id;
        }

        /** The change key of the current version (Outlook items), or the eTag (drive items). */
        public String version() {
            return collection.type.equals("driveItem") ? state.path("eTag").asString()
                    : state.path("changeKey").asString();
        }

        /** The item as the API returns it now. */
        public ObjectNode json() {
            return state.deepCopy();
        }

        /** A change at {@code at}: the subject (or name) becomes {@code title}. */
        public Item update(String title, Instant at) {
            state.put(collection.type.equals("driveItem") ? "name" : "subject", title);
            if (collection.type.equals("message")) {
                state.put("isRead", true);
            }
            return record(at);
        }

        /** Deletes the item at {@code at}. */
        public Item delete(Instant at) {
            removed = true;
            collection.changes.add(new Change(collection.seq.incrementAndGet(), id, null, true));
            return this;
        }

        private Item record(Instant at) {
            version++;
            state.put("lastModifiedDateTime", time(at));
            stamp();
            collection.changes.add(new Change(collection.seq.incrementAndGet(), id, state.deepCopy(), false));
            return this;
        }

        private void stamp() {
            if (collection.type.equals("driveItem")) {
                String guid = UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString().toUpperCase();
                state.put("eTag", "\"{" + guid + "}," + version + "\"").put("cTag", "\"c:{" + guid + "}," + version
                        + "\"");
            } else {
                String changeKey = "CQAAABYAAA" + Base64.getEncoder().withoutPadding().encodeToString(
                        (id.substring(Math.max(0, id.length() - 12)) + ":" + version).getBytes(StandardCharsets.UTF_8));
                state.put("@odata.etag", "W/\"" + changeKey + "\"").put("changeKey", changeKey);
            }
        }

        /**
         * The change notification Graph posts about this item's current version ({@code changeType} created,
         * updated or deleted), as a basic notification: the resource, its id and {@code @odata.etag}, with
         * {@code clientState}.
         */
        public String notification(String changeType, String clientState, String subscriptionId) {
            String kind = collection.type.equals("message") ? "Messages" : "Events";
            String resource = "Users/" + collection.mailbox.userId + "/" + kind + "/" + id;
            ObjectNode notification = JSON.createObjectNode().put("subscriptionId", subscriptionId)
                    .put("subscriptionExpirationDateTime", "2030-05-02T18:23:45.9356913+00:00")
                    .put("changeType", changeType).put("resource", resource).put("clientState", clientState)
                    .put("tenantId", "84bd8158-6d4d-4958-8b9f-9d6445542f95");
            notification.putObject("resourceData")
                    .put("@odata.type", collection.type.equals("message") ? "#Microsoft.Graph.Message"
                            : "#Microsoft.Graph.Event").put("@odata.id", resource)
                    .put("@odata.etag", state.path("@odata.etag").asString()).put("id", id);
            return notification.toString();
        }
    }
}
