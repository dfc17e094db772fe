package com.poblysh.connectors.ingest.webhook.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GitHubIdentitiesTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void namesTheTopLevelRepositoryOrganizationAndInstallationIds() {
        byte[] body = utf8("{\"action\":\"opened\",\"issue\":{\"id\":7,\"repository\":{\"id\":8}},"
                + "\"repository\":{\"name\":\"r\",\"owner\":{\"id\":3},\"id\":186853002},"
                + "\"organization\":{\"login\":\"o\",\"id\":9919},\"installation\":{\"id\":2311213},"
                + "\"sender\":{\"id\":21031067}}");

        assertThat(GitHubIdentities.of(JSON, body)).containsExactly(
                ExternalIdentity.of(IdentityKind.GITHUB_REPOSITORY, "186853002"),
                ExternalIdentity.of(IdentityKind.GITHUB_ORGANIZATION, "9919"),
                ExternalIdentity.of(IdentityKind.GITHUB_INSTALLATION, "2311213"));
    }

    @Test
    void namesTheFixturesRepository() {
        assertThat(GitHubIdentities.of(JSON, GitHubWebhooks.fixture("push").bodyBytes()))
                .containsExactly(ExternalIdentity.of(IdentityKind.GITHUB_REPOSITORY, GitHubWebhooks.REPOSITORY_ID));
    }

    @Test
    void namesNothingForIdsThatAreNotNumbersOrBodiesThatAreNotObjects() {
        assertThat(GitHubIdentities.of(JSON, utf8("{\"repository\":{\"id\":\"186853002\"},\"organization\":1}")))
                .isEmpty();
        assertThat(GitHubIdentities.of(JSON, utf8("[{\"repository\":{\"id\":1}}]"))).isEmpty();
        assertThat(GitHubIdentities.of(JSON, utf8("{\"sender\":{\"id\":1}}"))).isEmpty();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
