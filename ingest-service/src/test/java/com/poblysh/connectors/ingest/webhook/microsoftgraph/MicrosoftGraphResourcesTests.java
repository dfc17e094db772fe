package com.poblysh.connectors.ingest.webhook.microsoftgraph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class MicrosoftGraphResourcesTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Users/0fd4/Messages/AAMk=                        | #Microsoft.Graph.Message   | message",
            "Users/0fd4/Events/AAMk=                          | #Microsoft.Graph.Event     | event",
            "me/mailFolders('Inbox')/messages                 |                            | message",
            "users/0fd4/calendar/events                       |                            | event",
            "drives/b!x1y2/root                               |                            | driveItem",
            "me/drive/root                                    |                            | driveItem",
            "chats/19:abc@thread.v2/messages                  |                            | other",
            "teams('t')/channels('c')/messages                | #Microsoft.Graph.chatMessage | other",
            "users/0fd4/contacts/AAMk=                        |                            | other",
            "Users/0fd4/Messages/AAMk=                        | #microsoft.graph.driveItem | driveItem"})
    void namesWhatANotificationIsAbout(String resource, String odataType, String kind) {
        String data = odataType == null ? "{}" : "{\"@odata.type\":\"" + odataType + "\"}";
        assertThat(MicrosoftGraphResources.kind(resource, JSON.readTree(data))).isEqualTo(kind);
    }
}
