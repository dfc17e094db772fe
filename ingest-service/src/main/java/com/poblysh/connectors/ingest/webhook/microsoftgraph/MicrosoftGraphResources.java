package com.poblysh.connectors.ingest.webhook.microsoftgraph;

import java.util.Locale;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Names what a notification is about: {@code message} (Outlook mail), {@code event} (calendar), {@code driveItem}
 * (OneDrive/SharePoint files) or {@code other} (Teams messages, contacts, ...), from {@code resourceData}'s
 * {@code @odata.type} when present, else from the collection names in {@code resource}.
 */
final class MicrosoftGraphResources {

    static final String MESSAGE = "message";
    static final String EVENT = "event";
    static final String DRIVE_ITEM = "driveItem";
    static final String OTHER = "other";

    private static final Pattern SEGMENT_SEPARATOR = Pattern.compile("[/(]");

    private MicrosoftGraphResources() {
    }

    static String kind(String resource, JsonNode resourceData) {
        String type = resourceData.path("@odata.type").asString("");
        switch (type.toLowerCase(Locale.ROOT)) {
            case "#microsoft.graph.message":
                return MESSAGE;
            case "#microsoft.graph.event":
                return EVENT;
            case "#microsoft.graph.driveitem":
                return DRIVE_ITEM;
            case "":
                break;
            default:
                return OTHER;
        }
        String path = resource.toLowerCase(Locale.ROOT);
        if (path.startsWith("chats") || path.startsWith("teams") || path.contains("/channels")
                || path.contains("/chats")) {
            return OTHER; // Teams messages are not mail
        }
        String kind = OTHER;
        for (String segment : SEGMENT_SEPARATOR.split(path)) {
            switch (segment) {
                case "messages" -> kind = MESSAGE;
                case "events" -> kind = EVENT;
                case "drive", "drives", "root", "items" -> kind = DRIVE_ITEM;
                default -> {
                    // ids and other collections do not decide
                }
            }
        }
        return kind;
    }
}
