package com.poblysh.connectors.ingest.polling.microsoftgraph;

import java.net.URI;
import java.time.Duration;

import com.poblysh.connectors.ingest.polling.PollingHttp;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Polling Microsoft Graph ({@code poblysh.ingest.microsoft-graph.polling.*}).
 *
 * @param apiBaseUrl      the Graph API root ({@code POBLYSH_MICROSOFT_GRAPH_API_BASE_URL}, the variable enrichment
 *                        reads too, default {@code https://graph.microsoft.com/v1.0}); the {@code @odata.nextLink}
 *                        and {@code @odata.deltaLink} Graph answers are followed only on this origin, so the token
 *                        never goes elsewhere
 * @param pageSize        items per delta page asked for with {@code Prefer: odata.maxpagesize}
 *                        ({@code POBLYSH_MICROSOFT_GRAPH_POLL_PAGE_SIZE}, default 50, at most 1000)
 * @param mailFolder      the mail folder whose messages are tracked, a well-known name or an id (message delta is
 *                        per folder; {@code POBLYSH_MICROSOFT_GRAPH_MAIL_FOLDER}, default {@code inbox})
 * @param calendarPast    how far back the tracked calendar window reaches
 *                        ({@code POBLYSH_MICROSOFT_GRAPH_CALENDAR_PAST}, default 30d)
 * @param calendarFuture  how far ahead it reaches ({@code POBLYSH_MICROSOFT_GRAPH_CALENDAR_FUTURE}, default 365d)
 * @param calendarRefresh how old a window may get before a new round moves it on with a full pass of the calendar
 *                        (a delta link keeps the window it started with;
 *                        {@code POBLYSH_MICROSOFT_GRAPH_CALENDAR_REFRESH}, default 7d)
 * @param timeout         connect and response timeout of one request ({@code POBLYSH_MICROSOFT_GRAPH_POLL_TIMEOUT},
 *                        default 10s, at most 60s); a timeout is a transient failure, retried with backoff
 */
@Validated
@ConfigurationProperties("poblysh.ingest.microsoft-graph.polling")
record MicrosoftGraphPollingProperties(
        @NotNull @DefaultValue("https://graph.microsoft.com/v1.0") URI apiBaseUrl,
        @Min(1) @Max(1000) @DefaultValue("50") int pageSize,
        @NotBlank @DefaultValue("inbox") String mailFolder,
        @NotNull @DefaultValue("30d") Duration calendarPast,
        @NotNull @DefaultValue("365d") Duration calendarFuture,
        @NotNull @DefaultValue("7d") Duration calendarRefresh,
        @NotNull @DefaultValue("10s") Duration timeout) {

    private static final String PREFIX = "poblysh.ingest.microsoft-graph.polling";

    MicrosoftGraphPollingProperties {
        PollingHttp.checkEndpoint(PREFIX, apiBaseUrl, timeout);
        if (mailFolder != null && !mailFolder.matches("[A-Za-z0-9=_-]{1,256}")) {
            throw new IllegalArgumentException(PREFIX + ".mail-folder must be a folder name or id, got "
                    + mailFolder);
        }
        for (Duration d : new Duration[] {calendarPast, calendarFuture, calendarRefresh}) {
            if (d != null && (d.isZero() || d.isNegative())) {
                throw new IllegalArgumentException(PREFIX + " calendar durations must be positive, got " + d);
            }
        }
    }

    /** The API root without a trailing slash. */
    String base() {
        return PollingHttp.withoutTrailingSlash(apiBaseUrl);
    }
}
