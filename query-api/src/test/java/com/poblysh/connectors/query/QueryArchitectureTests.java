package com.poblysh.connectors.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.web.ProblemBody;
import com.poblysh.connectors.common.web.TenantRequests;
import com.poblysh.connectors.query.oauth.ProviderOAuth;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;

/**
 * Keeps the module's boundaries: auth in one filter, errors via ApiException, shared helpers feature-free, and one
 * OAuth package per {@link Provider} ({@code query.oauth.<provider>}) that knows no other provider.
 */
class QueryArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.poblysh.connectors.query");

    /** One slice per {@link Provider}: its {@code query.oauth.<provider>} package and what is below it. */
    private static final SliceAssignment PROVIDER_OAUTH_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return Arrays.stream(Provider.values())
                    .filter(p -> name.equals(oauthPackage(p)) || name.startsWith(oauthPackage(p) + "."))
                    .findFirst().map(p -> SliceIdentifier.of(p.id())).orElse(SliceIdentifier.ignore());
        }

        @Override
        public String getDescription() {
            return "the providers' OAuth packages (query.oauth.<provider id without _>)";
        }
    };

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

    @Test
    void providersDoNotDependOnEachOther() {
        slices().assignedFrom(PROVIDER_OAUTH_PACKAGES).should().notDependOnEachOther()
                .because("what two providers share lives in query.oauth, behind ProviderOAuth")
                .check(CLASSES);
    }

    @Test
    void everyProviderHasItsOAuthPackageWithAProviderOAuthBean() {
        for (Provider provider : Provider.values()) {
            List<JavaClass> beans = CLASSES.stream()
                    .filter(c -> c.getPackageName().equals(oauthPackage(provider)))
                    .filter(c -> c.isAssignableTo(ProviderOAuth.class) && !c.isInterface()
                            && !c.getModifiers().contains(JavaModifier.ABSTRACT))
                    .filter(c -> c.isMetaAnnotatedWith(Component.class))
                    .toList();
            assertThat(beans).as("ProviderOAuth beans in %s", oauthPackage(provider)).hasSize(1);
            Set<String> providersNamed = beans.get(0).getFieldAccessesFromSelf().stream()
                    .filter(access -> access.getTarget().getOwner().isEquivalentTo(Provider.class))
                    .map(access -> access.getTarget().getName())
                    .collect(Collectors.toSet());
            assertThat(providersNamed).as("providers named by %s", beans.get(0).getName())
                    .containsExactly(provider.name());
        }
        // the shared base (StandardOAuth) is abstract and lives beside the interface; every dialect is concrete
        classes().that().implement(ProviderOAuth.class).and().doNotHaveModifier(JavaModifier.ABSTRACT)
                .should().resideInAnyPackage(Arrays.stream(Provider.values()).map(QueryArchitectureTests::oauthPackage)
                        .toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void spellsProviderNamesOneWay() {
        noClasses().should().haveSimpleNameContaining("Github")
                .orShould().haveNameMatching(".*\\.[^.]*(?<!Microsoft)Graph[^.]*")
                .because("GitHub is GitHub... and Microsoft Graph is MicrosoftGraph... in every class name")
                .check(CLASSES);
    }

    /** {@code query.oauth.<provider>}: the provider's id without underscores, e.g. {@code microsoftgraph}. */
    private static String oauthPackage(Provider provider) {
        return "com.poblysh.connectors.query.oauth." + provider.id().replace("_", "");
    }
}
