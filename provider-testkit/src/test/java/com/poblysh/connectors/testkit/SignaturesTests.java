package com.poblysh.connectors.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The kit signs exactly as the providers document it: their published examples, computed by the kit. */
class SignaturesTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void signsGitHubsDocumentedExample() {
        // "Validating webhook deliveries"
        assertThat(GitHubWebhooks.signature("It's a Secret to Everybody", utf8("Hello, World!")))
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void signsSlacksDocumentedExample() {
        // "Verifying requests from Slack"
        byte[] body = utf8("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
                + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
                + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
                + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121"
                + ".803a0bc887a14d10d2c447fce8b6703c");

        assertThat(SlackWebhooks.signature("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body))
                .isEqualTo("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    }

    @Test
    void signsTheJiraHubSignatureLikeAnyOtherHmac() {
        assertThat(JiraWebhooks.signature("secret", utf8("{}")))
                .isEqualTo("sha256=77325902caca812dc259733aacd046b73817372c777b8d95b402647474516e13");
    }

    @Test
    void signsTheHs256JwtOfJwtIo() {
        assertThat(JiraWebhooks.jwt("your-256-bit-secret", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}"))
                .isEqualTo("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0"
                        + "IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
    }

    @Test
    void jiraAppClaimsAreValidForThreeMinutesAndCarryTheQsh() {
        JsonNode claims = JSON.readTree(JiraWebhooks.claims(1_714_467_600L, "abc"));

        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(180);
        assertThat(claims.path("qsh").asString()).isEqualTo("abc");
        assertThat(JSON.readTree(JiraWebhooks.claims(1, null)).has("qsh")).isFalse();
    }

    @Test
    void signedRequestsCarryEachProvidersCredentials() {
        ProviderRequest github = ProviderRequest.signed(GitHubWebhooks.fixture("push"));
        assertThat(github.headers()).containsEntry(GitHubWebhooks.SIGNATURE_HEADER,
                GitHubWebhooks.signature(GitHubWebhooks.SECRET, github.body()));

        ProviderRequest slack = ProviderRequest.signed(SlackWebhooks.fixture("message"));
        String timestamp = slack.headers().get(SlackWebhooks.TIMESTAMP_HEADER);
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(),
                within(5L));
        assertThat(slack.headers()).containsEntry(SlackWebhooks.SIGNATURE_HEADER,
                SlackWebhooks.signature(SlackWebhooks.SECRET, timestamp, slack.body()));

        ProviderRequest jira = ProviderRequest.signed(JiraWebhooks.fixture("issue_created"));
        assertThat(jira.headers()).containsEntry(JiraWebhooks.SIGNATURE_HEADER,
                JiraWebhooks.signature(JiraWebhooks.WEBHOOK_SECRET, jira.body()))
                .containsKey(JiraWebhooks.IDENTIFIER_HEADER);

        ProviderRequest graph = ProviderRequest.signed(MicrosoftGraphWebhooks.fixture("message-created-minimal"));
        JsonNode items = JSON.readTree(graph.body()).path("value");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("clientState").asString()).isEqualTo(MicrosoftGraphWebhooks.CLIENT_STATE);
    }

    @Test
    void aJiraConnectRequestCarriesAJwtOfItsInstallationBoundToThePath() {
        ProviderRequest request = JiraWebhooks.connectRequest(JiraWebhooks.fixture("issue_created"), "s",
                "client-key", "/hook");
        String[] jwt = request.headers().get("Authorization").substring("JWT ".length()).split("\\.");

        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.path("qsh").asString()).isEqualTo(JiraWebhooks.queryStringHash("/hook"));
        assertThat(claims.path("iss").asString()).isEqualTo("client-key");
        assertThat(JiraWebhooks.jwt("s", new String(Base64.getUrlDecoder().decode(jwt[0]), StandardCharsets.UTF_8),
                new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8)))
                .isEqualTo(String.join(".", jwt));
    }

    @Test
    void theQueryStringHashIsTheSha256OfMethodPathAndEmptyQuery() {
        // sha256("POST&/hook&"), computed with another tool
        assertThat(JiraWebhooks.queryStringHash("/hook"))
                .isEqualTo("7c68a95ae565874370690548bfbd92b2c63843300c89f8a8a6e959f64c9e5f95");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
