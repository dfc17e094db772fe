package com.poblysh.connectors.common.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ETagsTests {

    @Test
    void weakAndStrongTagsAreReducedToTheirVersion() {
        assertThat(ETags.unquote("W/\"abc\"")).isEqualTo("abc");
        assertThat(ETags.unquote("\"abc\"")).isEqualTo("abc");
    }

    @Test
    void unquotedAndMissingTagsStayAsTheyAre() {
        assertThat(ETags.unquote("abc")).isEqualTo("abc");
        assertThat(ETags.unquote("\"")).isEqualTo("\"");
        assertThat(ETags.unquote(null)).isNull();
    }
}
