package com.poblysh.connectors.common.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.poblysh.connectors.common.oauth.RefreshDialect;
import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;

/** The services find one refresh dialect per provider, each in its provider's own package. */
class RefreshDialectsTests {

    @Test
    void everyProviderHasOneDialectInCommonOauthItsPackage() {
        List<RefreshDialect> dialects = TokenInstance.dialects();

        assertThat(dialects).extracting(RefreshDialect::provider).containsExactlyInAnyOrder(Provider.values());
        assertThat(dialects).allSatisfy(dialect -> assertThat(dialect.getClass().getPackageName())
                .isEqualTo(RefreshDialect.class.getPackageName() + "." + dialect.provider().packageName()));
    }
}
