package com.poblysh.connectors.processor.normalize.slack;

import static com.poblysh.connectors.processor.normalize.JsonFields.firstText;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredEpochSeconds;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredObject;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredText;
import static com.poblysh.connectors.processor.normalize.JsonFields.text;

import java.util.List;
import java.util.Set;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.SignalKind;
import com.poblysh.connectors.processor.normalize.NormalizedSignal;
import com.poblysh.connectors.processor.normalize.Normalizer;
import com.poblysh.connectors.processor.normalize.Titles;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Slack Events API callbacks (the raw event's type is the inner {@code event.type}) to signals: a {@code message}
 * posted by a person or bot is {@code message_posted}, subtype {@code message_changed} is {@code message_updated},
 * {@code message_deleted} is {@code message_deleted}; {@code reaction_added} is {@code reaction_added}. System
 * subtypes (joins, topic changes, thread reply notices, ...) and other events yield nothing. The time is the event's
 * own {@code ts} (the edit or deletion time for those subtypes). Slack payloads carry no workspace domain, so there
 * is no permalink ({@code url} stays empty).
 */
@Component
class SlackNormalizer implements Normalizer {

    /** Subtypes that are a new message someone posted; any other subtype is a system notice. */
    private static final Set<String> POSTED = Set.of("bot_message", "me_message", "file_share", "thread_broadcast");

    @Override
    public Provider provider() {
        return Provider.SLACK;
    }

    @Override
    public List<NormalizedSignal> normalize(RawEvent event, JsonNode payload) {
        JsonNode inner = requiredObject(payload, "/event");
        return switch (event.getEventType()) {
            case "message" -> message(inner);
            case "reaction_added" -> List.of(new NormalizedSignal(SignalKind.REACTION_ADDED,
                    requiredEpochSeconds(inner, "/event_ts"), text(inner, "/user"),
                    ":" + requiredText(inner, "/reaction") + ":", null));
            default -> List.of();
        };
    }

    private static List<NormalizedSignal> message(JsonNode inner) {
        String subtype = text(inner, "/subtype");
        if (subtype == null || POSTED.contains(subtype)) {
            return List.of(new NormalizedSignal(SignalKind.MESSAGE_POSTED, time(inner),
                    firstText(inner, "/user", "/bot_id", "/username"), Titles.snippet(text(inner, "/text")), null));
        }
        return switch (subtype) {
            case "message_changed" -> {
                JsonNode changed = requiredObject(inner, "/message");
                yield List.of(new NormalizedSignal(SignalKind.MESSAGE_UPDATED, time(inner),
                        firstText(changed, "/edited/user", "/user", "/bot_id"), Titles.snippet(text(changed, "/text")),
                        null));
            }
            // Slack does not say who deleted a message; the author of the deleted message is the closest actor.
            case "message_deleted" -> List.of(new NormalizedSignal(SignalKind.MESSAGE_DELETED, time(inner),
                    firstText(inner, "/previous_message/user", "/previous_message/bot_id"),
                    Titles.snippet(text(inner, "/previous_message/text")), null));
            default -> List.of();
        };
    }

    /** The message event's own time: {@code ts}, else {@code event_ts}. */
    private static java.time.Instant time(JsonNode inner) {
        return requiredEpochSeconds(inner, "/ts", "/event_ts");
    }
}
