package com.poblysh.connectors.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.poblysh.connectors.common.web.ProblemBody;
import com.poblysh.connectors.common.web.TenantRequests;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the module's boundaries: auth in one filter, errors via ApiException, shared helpers feature-free. */
class QueryArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.poblysh.connectors.query");

    @Test
    void onlyTheAuthFilterAuthenticates() {
        noClasses().that().resideOutsideOfPackage("..query.auth..")
                .should().callMethod(TenantRequests.class, "requireTenant", jakarta.servlet.http.HttpServletRequest.class)
                .orShould().callMethod(TenantRequests.class, "requireOperator", jakarta.servlet.http.HttpServletRequest.class)
                .because("tenant-scoped routes are protected by TenantAuthFilter's route table, not per controller")
                .check(CLASSES);
    }

    @Test
    void nobodyBuildsErrorBodiesByHand() {
        noClasses().that().resideOutsideOfPackage("..query.openapi..")
                .should().dependOnClassesThat().areAssignableTo(ProblemBody.class)
                .because("errors are ApiExceptions rendered by ProblemAdvice / ProblemResponses; only the OpenAPI "
                        + "document describes the body")
                .check(CLASSES);
    }

    @Test
    void sharedHelpersDoNotDependOnFeatures() {
        noClasses().that().resideInAnyPackage("..query.pagination..", "..query.web..")
                .should().dependOnClassesThat().resideInAnyPackage("..query.signals..", "..query.health..",
                        "..query.auth..", "..query.connections..", "..query.jobs..", "..query.connect..",
                        "..query.providers..", "..query.oauth..", "..query.audit..")
                .check(CLASSES);
    }
}
