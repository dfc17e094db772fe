package com.poblysh.connectors.ingest.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine is provider-agnostic: providers plug in through the executor and provisioner SPIs, and the engine knows
 * none of them.
 */
class SyncEngineBoundariesTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.poblysh.connectors.ingest");

    @Test
    void theEngineKnowsNoWebhookAndNoPoller() {
        noClasses().that().resideInAPackage("..ingest.jobs..")
                .should().dependOnClassesThat().resideInAnyPackage("..ingest.webhook..", "..ingest.polling..",
                        "..ingest.provisioning..")
                .check(CLASSES);
    }

    @Test
    void onlyTheSpiIsPublic() {
        classes().that().resideInAPackage("..ingest.jobs").and().arePublic().and().areTopLevelClasses()
                .should().haveSimpleNameStartingWith("Poll").orShould().haveSimpleName("SyncType")
                .orShould().haveSimpleName("CredentialRefresher").orShould().haveSimpleName("WebhookProvisioner")
                .check(CLASSES);
    }
}
