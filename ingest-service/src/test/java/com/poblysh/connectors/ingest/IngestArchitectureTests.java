package com.poblysh.connectors.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.poblysh.connectors.common.provider.Provider;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the provider SPIs honest: providers plug into the webhook core and the sync engine, not the reverse. */
class IngestArchitectureTests {

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
        // One slice per provider across its concerns (webhook.<provider>, polling.<provider>): a provider may use its
        // own packages, never another provider's.
        for (Provider provider : Provider.values()) {
            String own = provider.id().replace("_", "");
            for (Provider other : Provider.values()) {
                if (other != provider) {
                    String theirs = other.id().replace("_", "");
                    noClasses().that()
                            .resideInAnyPackage("..ingest.webhook." + own + "..", "..ingest.polling." + own + "..")
                            .should().dependOnClassesThat()
                            .resideInAnyPackage("..ingest.webhook." + theirs + "..",
                                    "..ingest.polling." + theirs + "..")
                            .allowEmptyShould(true).check(CLASSES);
                }
            }
        }
    }

    @Test
    void theSyncEngineKnowsNoProvider() {
        noClasses().that().resideInAPackage("..ingest.jobs..")
                .should().dependOnClassesThat().resideInAnyPackage("..ingest.polling..", "..ingest.webhook..")
                .check(CLASSES);
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
