package com.poblysh.connectors.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.poblysh.connectors.common.crypto.SecretCipher;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class OperatorTokenStartupTests {

    WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, CommonWebAutoConfiguration.class))
            .withPropertyValues("poblysh.crypto.key=" + "A".repeat(43) + "=");

    @Test
    void refusesToStartOutsideLocalAndTestWithoutAnOperatorToken() {
        runner.run(context -> assertThat(context).hasFailed().getFailure()
                .rootCause().hasMessageContaining("set POBLYSH_OPERATOR_TOKENS"));
    }

    @Test
    void startsWithATokenOrInTheLocalProfile() {
        runner.withPropertyValues("poblysh.auth.operator-tokens=t1,t2")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("spring.profiles.active=local")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void startsWithoutATokenWhenTheServiceHasNoOperatorEndpoints() {
        runner.withPropertyValues("poblysh.auth.required=false")
                .run(context -> assertThat(context.getBean(OperatorTokens.class).isEmpty()).isTrue());
    }

    @Test
    void refusesToStartWithoutAnEncryptionKey() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, CommonWebAutoConfiguration.class))
                .withPropertyValues("poblysh.auth.operator-tokens=t1")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("POBLYSH_CRYPTO_KEY"));
    }

    @Test
    void bindsTheKeyRingFromItsVariablesAndRefusesAPrimaryKeyThatIsNotInIt() {
        String old = "A".repeat(43) + "=";
        String fresh = "B".repeat(43) + "=";
        runner.withPropertyValues("poblysh.auth.operator-tokens=t1", "poblysh.crypto.keys=k2:" + fresh + ",k3:" + old,
                        "poblysh.crypto.primary-key-id=k2")
                .run(context -> {
                    SecretCipher cipher = context.getBean(SecretCipher.class);
                    assertThat(cipher.keyIds()).containsExactlyInAnyOrder("default", "k2", "k3");
                    assertThat(cipher.primaryKeyId()).isEqualTo("k2");
                });
        runner.withPropertyValues("poblysh.auth.operator-tokens=t1", "poblysh.crypto.primary-key-id=k4")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("'k4' is not configured"));
        runner.withPropertyValues("poblysh.auth.operator-tokens=t1", "poblysh.crypto.reencrypt.batch-size=0")
                .run(context -> assertThat(context).hasFailed());
    }

    /** docs/runbooks/rotate-operator-tokens.md: old and new accepted together, then the old one removed. */
    @Test
    void rotatesOperatorTokensWithoutAGapBetweenTheOldAndTheNew() {
        runner.withPropertyValues("poblysh.auth.operator-tokens=old-core-token")
                .run(context -> assertThat(context.getBean(OperatorTokens.class).authenticate("new-core-token"))
                        .isEmpty());
        runner.withPropertyValues("poblysh.auth.operator-tokens=old-core-token,new-core-token,new-worker-token")
                .run(context -> {
                    OperatorTokens tokens = context.getBean(OperatorTokens.class);
                    assertThat(tokens.authenticate("old-core-token")).isPresent();
                    assertThat(tokens.authenticate("new-core-token")).isPresent();
                    assertThat(tokens.authenticate("new-worker-token")).isPresent();
                });
        runner.withPropertyValues("poblysh.auth.operator-tokens=new-core-token,new-worker-token")
                .run(context -> {
                    OperatorTokens tokens = context.getBean(OperatorTokens.class);
                    assertThat(tokens.authenticate("old-core-token")).isEmpty();
                    assertThat(tokens.authenticate("new-core-token")).isPresent();
                });
    }
}
