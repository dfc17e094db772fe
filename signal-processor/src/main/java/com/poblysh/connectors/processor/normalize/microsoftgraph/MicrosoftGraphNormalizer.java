package com.poblysh.connectors.processor.normalize.microsoftgraph;

import static com.poblysh.connectors.processor.normalize.JsonFields.firstText;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredInstant;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredText;
import static com.poblysh.connectors.processor.normalize.JsonFields.text;

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
 */
@Component
class MicrosoftGraphNormalizer implements Normalizer {

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
        SignalKind kind = KINDS.get(event.getEventType());
        if (kind == null) {
            return List.of();
        }
        requiredText(payload, "/resource");
        String changeType = requiredText(payload, "/changeType");
        JsonNode data = payload.path("resourceData");
        String resource = event.getEventType().substring(0, event.getEventType().indexOf('.'));
        boolean enriched = !"deleted".equals(changeType) && hasResource(data);
        if (!enriched) {
            return List.of(new NormalizedSignal(kind, event.getReceivedAt(), null, MINIMAL_TITLES.get(kind), null,
                    false));
        }
        return List.of(switch (resource) {
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
        });
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
