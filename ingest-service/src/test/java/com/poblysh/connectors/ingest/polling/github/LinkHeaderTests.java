package com.poblysh.connectors.ingest.polling.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** GitHub's {@code Link} header as GitHub writes it. */
class LinkHeaderTests {

    @Test
    void readsEveryRelationOfGitHubsHeader() {
        LinkHeader links = LinkHeader.parse("<https://api.github.com/repositories/1300192/issues?page=2>; "
                + "rel=\"prev\", <https://api.github.com/repositories/1300192/issues?page=4>; rel=\"next\", "
                + "<https://api.github.com/repositories/1300192/issues?page=515>; rel=\"last\", "
                + "<https://api.github.com/repositories/1300192/issues?page=1>; rel=\"first\"");

        assertThat(links.hasNext()).isTrue();
        assertThat(links.url("next")).hasValue("https://api.github.com/repositories/1300192/issues?page=4");
        assertThat(links.url("last")).hasValue("https://api.github.com/repositories/1300192/issues?page=515");
        assertThat(links.url("prev")).hasValue("https://api.github.com/repositories/1300192/issues?page=2");
    }

    @Test
    void theLastPageHasNoNext() {
        LinkHeader links = LinkHeader.parse("<https://api.github.com/user/repos?page=1&per_page=100>; rel=\"prev\", "
                + "<https://api.github.com/user/repos?page=1&per_page=100>; rel=\"first\"");

        assertThat(links.hasNext()).isFalse();
        assertThat(links.url("first")).isPresent();
    }

    @Test
    void noHeaderOrJunkMeansOnePage() {
        assertThat(LinkHeader.parse(null).hasNext()).isFalse();
        assertThat(LinkHeader.parse("").hasNext()).isFalse();
        assertThat(LinkHeader.parse("next please").hasNext()).isFalse();
        assertThat(LinkHeader.parse("<https://x/?a=1,2>;rel=next").url("next")).hasValue("https://x/?a=1,2");
    }
}
