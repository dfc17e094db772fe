package com.poblysh.connectors.ingest.webhook;

import com.poblysh.connectors.ingest.connections.WebhookConnections;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** What every {@link WebhookSliceTest} works with: MockMvc and the slice's mocked publisher and connections. */
abstract class WebhookSlices {

    @Autowired
    MockMvc mvc;

    @Autowired
    RawEventPublisher publisher;

    @Autowired
    WebhookConnections connections;
}
