package com.poblysh.connectors.ingest.webhook.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.testkit.JiraWebhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JiraIdentitiesTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void namesTheSiteOfTheSelfLinksOfTheObjectsItCarries() {
        assertThat(JiraIdentities.of(JiraWebhooks.fixture("issue_created").body()))
                .containsExactly(ExternalIdentity.of(IdentityKind.JIRA_SITE, "acme.atlassian.net"));
        assertThat(JiraIdentities.of(JiraWebhooks.fixture("sprint_started").body()))
                .containsExactly(ExternalIdentity.of(IdentityKind.JIRA_SITE, "acme.atlassian.net"));
    }

    @Test
    void namesTheCloudIdOfGatewayLinksAndTheMatchedWebhooks() {
        assertThat(JiraIdentities.of(JSON.readTree("{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"self\":"
                + "\"https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789/rest/api/2/issue/1\"},"
                + "\"user\":{\"self\":\"https://ACME.atlassian.net/rest/api/2/user?accountId=1\"},"
                + "\"matchedWebhookIds\":[10, 12]}")))
                .containsExactlyInAnyOrder(
                        ExternalIdentity.of(IdentityKind.JIRA_CLOUD, "11223344-a1b2-3b33-c444-def123456789"),
                        ExternalIdentity.of(IdentityKind.JIRA_SITE, "acme.atlassian.net"),
                        ExternalIdentity.of(IdentityKind.JIRA_WEBHOOK, "10"),
                        ExternalIdentity.of(IdentityKind.JIRA_WEBHOOK, "12"));
    }

    @Test
    void namesNothingForLinksThatAreNotHttpsOrNotLinks() {
        assertThat(JiraIdentities.of(JSON.readTree("{\"issue\":{\"self\":\"http://acme.atlassian.net/x\"},"
                + "\"user\":{\"self\":\"not a url\"},\"comment\":{\"self\":3},\"matchedWebhookIds\":[\"x\"]}")))
                .isEmpty();
    }
}
