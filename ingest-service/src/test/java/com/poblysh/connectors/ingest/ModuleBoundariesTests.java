package com.poblysh.connectors.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

/** Keeps the provider SPI honest: providers plug into the webhook core, never the other way round. */
class ModuleBoundariesTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.poblysh.connectors.ingest");

    @Test
    void theWebhookCoreKnowsNoProvider() {
        noClasses().that().resideInAPackage("..ingest.webhook")
                .should().dependOnClassesThat().resideInAPackage("..ingest.webhook.*..")
                .check(CLASSES);
    }

    @Test
    void providersDoNotDependOnEachOther() {
        SlicesRuleDefinition.slices().matching("..ingest.webhook.(*)..").should().notDependOnEachOther()
                .allowEmptyShould(true).check(CLASSES);
    }

    @Test
    void kafkaPublishingKnowsNothingOfWebhooks() {
        noClasses().that().resideInAPackage("..ingest.kafka..")
                .should().dependOnClassesThat().resideInAPackage("..ingest.webhook..")
                .check(CLASSES);
    }

    @Test
    void connectionStorageKnowsNothingOfWebhooks() {
        noClasses().that().resideInAPackage("..ingest.connections..")
                .should().dependOnClassesThat().resideInAPackage("..ingest.webhook..")
                .check(CLASSES);
    }

    @Test
    void providerPackagesAreReachedOnlyThroughTheWebhookSpi() {
        noClasses().that().resideOutsideOfPackage("..ingest.webhook..")
                .should().dependOnClassesThat().resideInAPackage("..ingest.webhook.*..")
                .check(CLASSES);
    }
}
