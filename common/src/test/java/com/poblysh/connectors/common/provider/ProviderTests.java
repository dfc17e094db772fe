package com.poblysh.connectors.common.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import javax.lang.model.SourceVersion;

import org.junit.jupiter.api.Test;

/** Provider ids and the names derived from them. */
class ProviderTests {

    @Test
    void packageNameIsTheIdWithoutUnderscores() {
        assertThat(Provider.MICROSOFT_GRAPH.packageName()).isEqualTo("microsoftgraph");
        assertThat(Provider.GITHUB.packageName()).isEqualTo("github");
    }

    @Test
    void everyPackageNameIsAJavaIdentifierAndDistinct() {
        assertThat(Provider.values()).allSatisfy(p -> assertThat(SourceVersion.isIdentifier(p.packageName())
                && !SourceVersion.isKeyword(p.packageName())).as(p.id()).isTrue());
        assertThat(Arrays.stream(Provider.values()).map(Provider::packageName).distinct())
                .hasSize(Provider.values().length);
    }

    @Test
    void fromIdFindsEachProviderByItsIdOnly() {
        for (Provider provider : Provider.values()) {
            assertThat(Provider.fromId(provider.id())).contains(provider);
        }
        assertThat(Provider.fromId("microsoftgraph")).isEmpty();
        assertThat(Provider.fromId(null)).isEmpty();
    }
}
