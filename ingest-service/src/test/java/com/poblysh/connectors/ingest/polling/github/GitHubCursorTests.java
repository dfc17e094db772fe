package com.poblysh.connectors.ingest.polling.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.poblysh.connectors.ingest.polling.github.GitHubCursor.Pass;
import com.poblysh.connectors.ingest.polling.github.GitHubCursor.Repo;
import com.poblysh.connectors.ingest.polling.github.GitHubCursor.Resource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The stored cursor: its JSON, and how a pass walks repositories and resources. */
class GitHubCursorTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant SINCE = Instant.parse("2031-05-06T07:08:09Z");
    private static final Instant STARTED = Instant.parse("2031-05-06T07:23:10Z");

    @Test
    void aPassUnderWayReadsBackAsItWasStored() {
        GitHubCursor cursor = new GitHubCursor(SINCE, new Pass(STARTED, 2, true,
                List.of(new Repo(186853002, "Codertocat/Hello-World"), new Repo(7, "o/r")), Resource.COMMENTS,
                Instant.parse("2031-05-06T07:20:00Z"), 1, List.of(444500041L)));

        String stored = JSON.writeValueAsString(cursor.toJson());

        assertThat(stored).isEqualTo("{\"since\":\"2031-05-06T07:08:09Z\",\"started\":\"2031-05-06T07:23:10Z\","
                + "\"repos_page\":2,\"more_repos\":true,\"queue\":[{\"id\":186853002,\"full_name\":"
                + "\"Codertocat/Hello-World\"},{\"id\":7,\"full_name\":\"o/r\"}],\"resource\":\"comments\","
                + "\"from\":\"2031-05-06T07:20:00Z\",\"page\":1,\"seen\":[444500041]}");
        assertThat(GitHubCursor.parse(JSON.readTree(stored))).isEqualTo(cursor);
    }

    @Test
    void betweenPassesOnlyTheNextLowerBoundIsKept() {
        assertThat(GitHubCursor.parse(null)).isEqualTo(new GitHubCursor(null, null));
        GitHubCursor done = new GitHubCursor(SINCE, Pass.first().started(STARTED)).passDone();

        assertThat(JSON.writeValueAsString(done.toJson())).isEqualTo("{\"since\":\"2031-05-06T07:23:10Z\"}");
        assertThat(GitHubCursor.parse(done.toJson())).isEqualTo(done);
    }

    @Test
    void aPassReadsIssuesCommentsAndCommitsOfEachRepositoryThenListsTheNextPage() {
        Pass pass = Pass.first().started(STARTED).listed(List.of(new Repo(1, "o/a"), new Repo(2, "o/b")), true)
                .from(SINCE, List.of(5L)).nextPage();
        assertThat(pass.page()).isEqualTo(2);

        pass = pass.resourceDone();
        assertThat(List.of(pass.repo().fullName(), pass.resource(), pass.page())).containsExactly("o/a",
                Resource.COMMENTS, 1);
        assertThat(pass.from()).isNull();
        pass = pass.resourceDone().resourceDone();
        assertThat(List.of(pass.repo().fullName(), pass.resource())).containsExactly("o/b", Resource.ISSUES);
        pass = pass.resourceDone().resourceDone().resourceDone();
        assertThat(pass.queue()).isEmpty();
        assertThat(pass.reposPage()).isEqualTo(2);
        assertThat(pass.started()).isEqualTo(STARTED);

        Pass last = pass.listed(List.of(new Repo(3, "o/c")), false);
        assertThat(last.resourceDone().resourceDone().resourceDone()).isNull();
    }
}
