package com.poblysh.connectors.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class PostgresTextTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void textWithoutNulIsReturnedAsItIsAndCountsAsUntouched() {
        PostgresText text = new PostgresText();
        String title = "Found a bug";
        // Holds a backslash and u0000, but the backslash is itself escaped: literal text, no NUL.
        String payload = "{\"title\": \"Found a bug \\u00e9\", \"path\": \"C:\\\\u0000\"}";

        assertThat(text.text(title)).isSameAs(title);
        assertThat(text.text(null)).isNull();
        assertThat(text.json(payload)).isSameAs(payload);
        assertThat(text.replacedAny()).isFalse();
    }

    @Test
    void nulInTextBecomesTheReplacementCharacter() {
        PostgresText text = new PostgresText();

        assertThat(text.text("a\u0000b\u0000")).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(text.replacedAny()).isTrue();
    }

    // JSON source on the left, the string value PostgreSQL will hold on the right: an escaped backslash followed
    // by "u0000" is literal text and stays, only a real NUL escape becomes U+FFFD.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`\"a\\u0000b\"`              | a\uFFFDb",
            "`\"\\u0000\\u0000\"`          | \uFFFD\uFFFD",
            "`\"\\\\u0000\"`               | \\u0000",
            "`\"\\\\\\u0000\"`             | \\\uFFFD",
            "`\"\\\\\\\\u0000\"`           | \\\\u0000",
            "`\"\\\"\\u0000\"`             | \"\uFFFD",
            "`\"\\u00000\"`               | \uFFFD0"})
    void nulEscapesInJsonBecomeTheReplacementCharacterAndLiteralBackslashesStay(String json, String value) {
        String cleaned = new PostgresText().json(json);

        assertThat(JSON.readTree(cleaned).stringValue()).isEqualTo(value);
        assertThat(JSON.readTree(json).stringValue().replace('\u0000', PostgresText.REPLACEMENT)).isEqualTo(value);
    }

    @Test
    void nulEscapesInKeysAndNestedValuesAreReplacedAndTheRestIsUntouched() {
        PostgresText text = new PostgresText();
        String payload = "{\"k\\u0000\": [\"x\\u0000\", {\"y\": \"\\\\u0000 \\u00e9\"}], \"n\": 1}";

        String cleaned = text.json(payload);

        assertThat(cleaned).isEqualTo("{\"k\\ufffd\": [\"x\\ufffd\", {\"y\": \"\\\\u0000 \\u00e9\"}], \"n\": 1}");
        assertThat(text.replacedAny()).isTrue();
    }
}
