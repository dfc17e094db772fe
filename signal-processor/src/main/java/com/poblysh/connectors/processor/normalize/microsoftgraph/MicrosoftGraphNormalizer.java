package com.poblysh.connectors.processor.normalize.microsoftgraph;

import static com.poblysh.connectors.processor.normalize.JsonFields.firstText;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredInstant;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredText;
import static com.poblysh.connectors.processor.normalize.JsonFields.text;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.SignalKind;
import com.poblysh.connectors.processor.normalize.NormalizedSignal;
import com.poblysh.connectors.processor.normalize.Normalizer;
import com.poblysh.connectors.processor.normalize.Titles;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import static com.poblysh.connectors.common.identity.ETags.unquote;

/**
 * One Microsoft Graph change notification (the raw event's type is {@code <resource kind>.<changeType>}, as ingest
 * named it) to a signal: messages are {@code email_received}/{@code email_updated}/{@code email_deleted}, events
 * {@code calendar_event_*}, drive items {@code file_*}. Other resources yield nothing.
 *
 * <p>A basic notification names the resource but carries no data and no event time. When {@code resourceData} holds
 * the resource itself (fetched by the processor's enrichment with the connection's token, or decrypted from a rich
 * notification), title, actor, link and time come from it; otherwise the signal is minimal: a generic title and the
 * time the notification was received. Either time may differ on Graph's retry of the same notification
 * ({@code stableTime} false); the store keeps one signal per key whatever its time.
 *
 * <p>Polls (ingest's Graph executor) publish the objects delta queries return: {@code api.message},
 * {@code api.event} and {@code api.drive_item}. An item marked {@code @removed} (or, on the drive, {@code deleted})
 * is the deletion; otherwise delta does not say whether an item is new, so it counts as created when its last
 * change came within {@link #CREATED_WINDOW} of its creation (reception, for mail), else as updated, at that time.
 * Folders and the drive root yield nothing.
 *
 * <p>Each signal is keyed by the item and its version, the same for a notification and a poll of one change:
 * {@code <kind>:<id>@<changeKey>} for mail and events (a notification's {@code resourceData.@odata.etag} is
 * {@code W/"<changeKey>"}, or enrichment brings {@code changeKey}), {@code driveItem:<id>@<eTag>} (quotes dropped),
 * {@code <kind>:<id>@deleted}. A notification that names no version (drive-root notices, items whose
 * {@code resourceData} holds neither etag nor change key) keeps the key of its notification: Graph's retries of it
 * stay one signal, but a poll of the same version adds a second.
 */
@Component
class MicrosoftGraphNormalizer implements Normalizer {

    /** How soon after its creation an item's last change still counts as the creation itself. */
    static final Duration CREATED_WINDOW = Duration.ofMinutes(1);

    private static final Map<String, SignalKind> KINDS = Map.of(
            "message.created", SignalKind.EMAIL_RECEIVED,
            "message.updated", SignalKind.EMAIL_UPDATED,
            "message.deleted", SignalKind.EMAIL_DELETED,
            "event.created", SignalKind.CALENDAR_EVENT_CREATED,
            "event.updated", SignalKind.CALENDAR_EVENT_UPDATED,
            "event.deleted", SignalKind.CALENDAR_EVENT_DELETED,
            "driveItem.created", SignalKind.FILE_CREATED,
            "driveItem.updated", SignalKind.FILE_UPDATED,
            "driveItem.deleted", SignalKind.FILE_DELETED);

    /** The raw event types of polled objects, with the resource kind their identities name. */
    private static final String POLLED = "api.";
    private static final Map<String, String> POLLED_KINDS = Map.of(
            "api.message", "message",
            "api.event", "event",
            "api.drive_item", "driveItem");

    private static final Map<SignalKind, String> MINIMAL_TITLES = Map.of(
            SignalKind.EMAIL_RECEIVED, "Email received",
            SignalKind.EMAIL_UPDATED, "Email updated",
            SignalKind.EMAIL_DELETED, "Email deleted",
            SignalKind.CALENDAR_EVENT_CREATED, "Calendar event created",
            SignalKind.CALENDAR_EVENT_UPDATED, "Calendar event updated",
            SignalKind.CALENDAR_EVENT_DELETED, "Calendar event deleted",
            SignalKind.FILE_CREATED, "File created",
            SignalKind.FILE_UPDATED, "Files changed",
            SignalKind.FILE_DELETED, "File deleted");

    @Override
    public Provider provider() {
        return Provider.MICROSOFT_GRAPH;
    }

    @Override
    public List<NormalizedSignal> normalize(RawEvent event, JsonNode payload) {
        if (event.getEventType().startsWith(POLLED)) {
            return polled(event, payload);
        }
        SignalKind kind = KINDS.get(event.getEventType());
        if (kind == null) {
            return List.of();
        }
        requiredText(payload, "/resource");
        String changeType = requiredText(payload, "/changeType");
        JsonNode data = payload.path("resourceData");
        String resource = event.getEventType().substring(0, event.getEventType().indexOf('.'));
        boolean enriched = !"deleted".equals(changeType) && hasResource(data);
        String identity = notificationIdentity(resource, changeType, data);
        if (!enriched) {
            return List.of(identify(new NormalizedSignal(kind, event.getReceivedAt(), null, MINIMAL_TITLES.get(kind),
                    null, false), identity));
        }
        return List.of(identify(switch (resource) {
            case "message" -> new NormalizedSignal(kind, time(data, event, "created".equals(changeType)
                            ? new String[] {"/receivedDateTime", "/createdDateTime"}
                            : new String[] {"/lastModifiedDateTime"}),
                    firstText(data, "/from/emailAddress/address", "/sender/emailAddress/address",
                            "/from/emailAddress/name"),
                    title(data, "/subject", kind), text(data, "/webLink"), false);
            case "event" -> new NormalizedSignal(kind, time(data, event, "created".equals(changeType)
                            ? new String[] {"/createdDateTime"} : new String[] {"/lastModifiedDateTime"}),
                    firstText(data, "/organizer/emailAddress/address", "/organizer/emailAddress/name"),
                    title(data, "/subject", kind), text(data, "/webLink"), false);
            default -> new NormalizedSignal(kind, time(data, event, "created".equals(changeType)
                            ? new String[] {"/createdDateTime"} : new String[] {"/lastModifiedDateTime"}),
                    firstText(data, "/lastModifiedBy/user/email", "/lastModifiedBy/user/displayName",
                            "/createdBy/user/displayName"),
                    title(data, "/name", kind), text(data, "/webUrl"), false);
        }, identity));
    }

    /** The item and version a notification reports, or null when it names no version. */
    private static String notificationIdentity(String resource, String changeType, JsonNode data) {
        String id = text(data, "/id");
        if (id == null || id.isBlank()) {
            return null;
        }
        if ("deleted".equals(changeType)) {
            return resource + ":" + id + "@deleted";
        }
        // the notification's etag is the version it reports; a fetched changeKey may be a later one
        String version = firstNonBlank(unquote(text(data, "/@odata.etag")), unquote(text(data, "/eTag")),
                text(data, "/changeKey"));
        return version == null ? null : resource + ":" + id + "@" + version;
    }

    /** A polled item: the object a delta query returned. */
    private static List<NormalizedSignal> polled(RawEvent event, JsonNode item) {
        String resource = POLLED_KINDS.get(event.getEventType());
        if (resource == null) {
            return List.of();
        }
        String id = requiredText(item, "/id");
        boolean removed = item.has("@removed") || item.has("deleted");
        if (!removed && "driveItem".equals(resource) && (item.has("folder") || item.has("root"))) {
            return List.of(); // a folder's eTag changes with every file below it: no activity of its own
        }
        if (removed) {
            SignalKind kind = KINDS.get(resource + ".deleted");
            return List.of(new NormalizedSignal(kind, event.getReceivedAt(), null, MINIMAL_TITLES.get(kind), null,
                    false).withIdentity(resource + ":" + id + "@deleted"));
        }
        String version = firstNonBlank(text(item, "/changeKey"), unquote(text(item, "/eTag")),
                unquote(text(item, "/@odata.etag")), text(item, "/lastModifiedDateTime"));
        Instant modified = requiredInstant(item, "/lastModifiedDateTime");
        Instant created = requiredInstant(item, "message".equals(resource)
                ? new String[] {"/receivedDateTime", "/createdDateTime"} : new String[] {"/createdDateTime"});
        boolean isNew = !modified.isAfter(created.plus(CREATED_WINDOW));
        SignalKind kind = KINDS.get(resource + (isNew ? ".created" : ".updated"));
        Instant at = isNew ? created : modified;
        NormalizedSignal signal = switch (resource) {
            case "message" -> new NormalizedSignal(kind, at, firstText(item, "/from/emailAddress/address",
                    "/sender/emailAddress/address", "/from/emailAddress/name"), title(item, "/subject", kind),
                    text(item, "/webLink"), false);
            case "event" -> new NormalizedSignal(kind, at, firstText(item, "/organizer/emailAddress/address",
                    "/organizer/emailAddress/name"), title(item, "/subject", kind), text(item, "/webLink"), false);
            default -> new NormalizedSignal(kind, at, firstText(item, "/lastModifiedBy/user/email",
                    "/lastModifiedBy/user/displayName", "/createdBy/user/displayName"), title(item, "/name", kind),
                    text(item, "/webUrl"), false);
        };
        return List.of(signal.withIdentity(resource + ":" + id + "@" + version));
    }

    private static NormalizedSignal identify(NormalizedSignal signal, String identity) {
        return identity == null ? signal : signal.withIdentity(identity);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** Whether {@code resourceData} holds the resource, not only its id and {@code @odata} annotations. */
    static boolean hasResource(JsonNode data) {
        if (!data.isObject()) {
            return false;
        }
        for (String name : data.propertyNames()) {
            if (!name.startsWith("@odata.") && !"id".equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Instant time(JsonNode data, RawEvent event, String... pointers) {
        for (String pointer : pointers) {
            if (data.at(pointer).isString()) {
                return requiredInstant(data, pointer);
            }
        }
        return event.getReceivedAt();
    }

    private static String title(JsonNode data, String pointer, SignalKind kind) {
        String title = Titles.snippet(text(data, pointer));
        return title != null ? title : MINIMAL_TITLES.get(kind);
    }
}
