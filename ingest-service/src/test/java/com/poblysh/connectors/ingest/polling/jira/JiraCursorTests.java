package com.poblysh.connectors.ingest.polling.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The Jira cursor's rules that no fake can make visible: the JQL time text and the bound on remembered changes. */
class JiraCursorTests {

    @Test
    void theSearchStartsAtTheMinuteInTheUsersTimeZone() {
        assertThat(JiraPollExecutor.jql(Instant.parse("2031-05-06T07:08:59.999Z"), ZoneId.of("America/New_York")))
                .isEqualTo("updated >= \"2031-05-06 03:08\" ORDER BY updated ASC, key ASC");
        assertThat(JiraPollExecutor.jql(Instant.parse("2031-05-06T07:08:00Z"), ZoneId.of("UTC")))
                .startsWith("updated >= \"2031-05-06 07:08\"");
    }

    @Test
    void inTheHourAClockGoesBackTheSearchStartsAnHourEarlierRatherThanTooLate() {
        // 2031-11-02 01:30 happens twice in New York; Jira may read the later one
        Instant secondPass = Instant.parse("2031-11-02T06:30:00Z");

        assertThat(JiraPollExecutor.jql(secondPass, ZoneId.of("America/New_York")))
                .startsWith("updated >= \"2031-11-02 00:30\"");
    }

    @Test
    void theNextSyncStartsAtTheNewestUpdateButNoLaterThanTheBound() {
        JiraCursor.Run run = new JiraCursor.Run();
        assertThat(run.next(Instant.parse("2031-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2031-01-01T00:00:00Z"));

        run.high = Instant.parse("2031-05-06T07:00:00Z");
        run.bound = Instant.parse("2031-05-06T06:55:00Z");
        assertThat(run.next(null)).isEqualTo(run.bound);

        run.bound = Instant.parse("2031-05-06T07:05:00Z");
        assertThat(run.next(null)).isEqualTo(run.high);
    }

    @Test
    void remembersOnlyTheChangesTheNextSyncReadsAgainAndAtMostAFewHundred() {
        JiraCursor.Run run = new JiraCursor.Run();
        run.high = Instant.parse("2031-05-06T07:08:30Z");
        run.bound = Instant.parse("2031-05-06T08:00:00Z");
        run.saw("issue:acme.atlassian.net:1@created", Instant.parse("2031-05-06T07:07:59Z"));
        for (int i = 0; i < JiraCursor.MAX_SEEN + 20; i++) {
            run.saw("issue:acme.atlassian.net:" + (100 + i) + "@created", Instant.parse("2031-05-06T07:08:00Z")
                    .plusMillis(i));
        }

        run.prune();

        assertThat(run.seen).hasSize(JiraCursor.MAX_SEEN).doesNotContainKey("issue:acme.atlassian.net:1@created")
                .doesNotContainKey("issue:acme.atlassian.net:100@created")
                .containsKey("issue:acme.atlassian.net:" + (100 + JiraCursor.MAX_SEEN + 19) + "@created");
    }

    @Test
    void survivesTheRoundTripThroughItsJson() {
        JiraCursor cursor = new JiraCursor();
        JiraCursor.SiteState site = new JiraCursor.SiteState();
        site.url = "https://acme.atlassian.net";
        site.timeZone = "Europe/Berlin";
        site.since = Instant.parse("2031-05-06T07:08:09.120Z");
        site.seen.add("issue:acme.atlassian.net:10002@10124");
        cursor.sites.put("cloud-1", site);
        cursor.run = new JiraCursor.Run();
        cursor.run.pending.add("cloud-2");
        cursor.run.site = "cloud-1";
        cursor.run.token = "tok";
        cursor.run.saw("comment:acme.atlassian.net:7@created", site.since);

        JiraCursor again = JiraCursor.parse(cursor.toJson());

        assertThat(again.toJson()).isEqualTo(cursor.toJson());
        assertThat(again.sites.get("cloud-1").since).isEqualTo(site.since);
        assertThat(again.run.seen).containsEntry("comment:acme.atlassian.net:7@created", site.since.toEpochMilli());
    }
}
