package com.poblysh.connectors.processor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the module's boundaries: pure normalizers behind their SPI, everything else package-private. */
class ArchitectureTests {

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
    void providerNormalizersAreReachedOnlyThroughTheSpi() {
        noClasses().that().resideOutsideOfPackage("..processor.normalize.github..")
                .should().dependOnClassesThat().resideInAPackage("..processor.normalize.github..")
                .check(CLASSES);
        classes().that().resideInAPackage("..processor.normalize.github..").should().notBePublic().check(CLASSES);
    }

    @Test
    void onlyTheApplicationClassIsPublicInThePipelinePackage() {
        classes().that().resideInAPackage("com.poblysh.connectors.processor")
                .and().doNotHaveSimpleName("ProcessorApplication")
                .should().notBePublic()
                .check(CLASSES);
    }
}
