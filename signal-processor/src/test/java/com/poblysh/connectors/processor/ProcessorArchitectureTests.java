package com.poblysh.connectors.processor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Arrays;
import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

/** Keeps the module's boundaries: pure normalizers behind their SPI, everything else package-private. */
class ProcessorArchitectureTests {

    /** One package per provider and concern, named after the provider: {@code normalize.microsoftgraph}. */
    private static final List<String> PROVIDER_PACKAGES = Arrays.stream(Provider.values())
            .map(Provider::packageName).toList();

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.poblysh.connectors.processor");

    @Test
    void normalizersKnowNothingOfKafkaOrTheDatabase() {
        noClasses().that().resideInAPackage("..processor.normalize..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..",
                        "org.springframework.jdbc..", "org.springframework.transaction..", "java.sql..")
                .orShould().dependOnClassesThat().resideInAPackage("com.poblysh.connectors.processor")
                .check(CLASSES);
    }

    @Test
    void normalizersNeitherCallOutNorReadConnections() {
        noClasses().that().resideInAPackage("..processor.normalize..")
                .should().dependOnClassesThat().resideInAnyPackage("..processor.enrich..",
                        "..common.tokens..", "java.net..")
                .check(CLASSES);
    }

    @Test
    void providerNormalizersAndEnrichersAreReachedOnlyThroughTheirSpi() {
        for (String provider : PROVIDER_PACKAGES) {
            for (String concern : new String[] {"normalize", "enrich"}) {
                String pkg = "..processor." + concern + "." + provider + "..";
                noClasses().that().resideOutsideOfPackage(pkg).should().dependOnClassesThat().resideInAPackage(pkg)
                        .allowEmptyShould(true).check(CLASSES);
                classes().that().resideInAPackage(pkg).should().notBePublic().allowEmptyShould(true).check(CLASSES);
            }
        }
    }

    @Test
    void providersDoNotDependOnEachOther() {
        SlicesRuleDefinition.slices().matching("..processor.normalize.(*)..").should().notDependOnEachOther()
                .allowEmptyShould(true).check(CLASSES);
        SlicesRuleDefinition.slices().matching("..processor.enrich.(*)..").should().notDependOnEachOther()
                .allowEmptyShould(true).check(CLASSES);
    }

    @Test
    void onlyTheApplicationClassIsPublicInThePipelinePackage() {
        classes().that().resideInAPackage("com.poblysh.connectors.processor")
                .and().doNotHaveSimpleName("ProcessorApplication")
                .should().notBePublic()
                .check(CLASSES);
    }
}
