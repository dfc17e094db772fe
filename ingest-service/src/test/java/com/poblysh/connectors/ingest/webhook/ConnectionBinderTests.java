package com.poblysh.connectors.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.ingest.connections.WebhookConnection;
import org.junit.jupiter.api.Test;

/** Which connection a delivery belongs to, from how it was verified and what it names. */
class ConnectionBinderTests {

    private static final ExternalIdentity REPO_A = ExternalIdentity.of(IdentityKind.GITHUB_REPOSITORY, "1");
    private static final ExternalIdentity REPO_B = ExternalIdentity.of(IdentityKind.GITHUB_REPOSITORY, "2");
    private static final ExternalIdentity ORG = ExternalIdentity.of(IdentityKind.GITHUB_ORGANIZATION, "9");
    private static final ExternalIdentity APP = ExternalIdentity.of(IdentityKind.SLACK_APP, "A1");
    private static final ExternalIdentity TEAM = ExternalIdentity.of(IdentityKind.SLACK_TEAM, "T1");

    private final UUID older = UUID.randomUUID();
    private final UUID newer = UUID.randomUUID();
    private final ConnectionBinder binder = ConnectionBinder.of(List.of(
            new WebhookConnection(older, "older-secret", Set.of(REPO_A, ORG)),
            new WebhookConnection(newer, "newer-secret", Set.of(REPO_B, ORG))));

    @Test
    void bindsToTheConnectionWhoseSecretVerifiedWhenItCoversWhatTheDeliveryNames() {
        assertThat(binder.bind(own(newer), Set.of(REPO_B), Set.of())).contains(newer);
    }

    @Test
    void neverBindsToAConnectionWhoseSecretDidNotVerifyEvenIfItCoversTheIdentity() {
        assertThat(binder.bind(own(newer), Set.of(REPO_A), Set.of())).isEmpty();
    }

    @Test
    void anAppCredentialAdmitsEveryConnectionOwnSecretsFirstThenOldest() {
        Verification app = Verification.verified(WebhookSecret.app("app-secret"));
        assertThat(binder.bind(app, Set.of(ORG), Set.of())).contains(older);
        assertThat(binder.bind(app, Set.of(REPO_B), Set.of())).contains(newer);
        Verification both = Verification.verified(List.of(WebhookSecret.connection("newer-secret", newer),
                WebhookSecret.fallback("fallback")));
        assertThat(binder.bind(both, Set.of(ORG), Set.of())).contains(newer);
    }

    @Test
    void oneNamedIdentityBoundIsEnough() {
        assertThat(binder.bind(own(older), Set.of(REPO_B, ORG), Set.of())).contains(older);
    }

    @Test
    void aDeliveryNamingNothingIsBoundToNothing() {
        assertThat(binder.bind(Verification.verified(WebhookSecret.app("s")), Set.of(), Set.of())).isEmpty();
    }

    @Test
    void everyRequiredIdentityMustBeBoundToo() {
        UUID slack = UUID.randomUUID();
        ConnectionBinder workspace = ConnectionBinder.of(List.of(new WebhookConnection(slack, null,
                Set.of(TEAM, APP))));
        Verification app = Verification.verified(WebhookSecret.app("signing-secret"));

        assertThat(workspace.bind(app, Set.of(TEAM), Set.of(APP))).contains(slack);
        assertThat(workspace.bind(app, Set.of(TEAM), Set.of(ExternalIdentity.of(IdentityKind.SLACK_APP, "A2"))))
                .isEmpty();
        assertThat(workspace.bind(app.requiring(Set.of(ExternalIdentity.of(IdentityKind.JIRA_JWT_ISSUER, "x"))),
                Set.of(TEAM), Set.of())).isEmpty();
    }

    @Test
    void anOperatorsDeliveryGoesToTheNamedConnectionElseTheOneBoundToWhatItNamesElseNone() {
        UUID named = UUID.randomUUID();
        assertThat(binder.attribute(Verification.operator(named), Set.of(REPO_A), Set.of())).contains(named);
        assertThat(binder.attribute(Verification.operator(null), Set.of(REPO_B), Set.of())).contains(newer);
        assertThat(binder.attribute(Verification.operator(null), Set.of(TEAM), Set.of())).isEmpty();
    }

    @Test
    void knowsWhichIdentitiesTheTenantsConnectionsAreBoundTo() {
        assertThat(binder.knows(ORG)).isTrue();
        assertThat(binder.knows(TEAM)).isFalse();
    }

    private static Verification own(UUID connection) {
        return Verification.verified(WebhookSecret.connection("secret", connection));
    }
}
