package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.oauth.RefreshDialect;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.ProviderCatalogue;
import com.poblysh.connectors.common.provider.ProviderDescriptor;
import com.poblysh.connectors.ingest.jobs.PollExecutor;
import com.poblysh.connectors.ingest.webhook.WebhookProvider;
import com.poblysh.connectors.processor.normalize.Normalizer;
import com.poblysh.connectors.query.oauth.ProviderOAuth;
import com.poblysh.connectors.testkit.ProviderFixtures;
import com.poblysh.connectors.testkit.TestBindings;
import com.poblysh.connectors.testkit.TestSecrets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.yaml.snakeyaml.Yaml;

/**
 * Everything a {@link Provider} needs, in every module, checked from the one list: what a new provider still lacks
 * is named, piece by piece, in one failure (the steps are in {@code docs/adding-a-provider.md}). Beans are found as
 * the services find them, by component scanning, in the provider's own package of each concern.
 */
class ProviderCompletenessTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String BASE = "com.poblysh.connectors";

    @ParameterizedTest
    @EnumSource(Provider.class)
    void everyProviderHasEveryPieceItsCapabilitiesNeed(Provider provider) {
        List<String> missing = missingPieces(provider);
        assertThat(missing).as("%s lacks:%n- %s", provider, String.join("\n- ", missing)).isEmpty();
    }

    static List<String> missingPieces(Provider provider) {
        List<String> missing = new ArrayList<>();
        ProviderDescriptor descriptor = ProviderCatalogue.of(provider);
        if (descriptor == null) {
            missing.add("an entry in ProviderCatalogue (common/.../provider/ProviderCatalogue.java)");
        }
        boolean webhooks = descriptor == null || descriptor.webhooks();
        boolean polling = descriptor != null && descriptor.polling();
        String pkg = packageName(provider);

        expectBeans(missing, Normalizer.class, BASE + ".processor.normalize." + pkg, true);
        expectBeans(missing, ProviderOAuth.class, BASE + ".query.oauth." + pkg, true);
        expectBeans(missing, RefreshDialect.class, BASE + ".common.oauth." + pkg, true);
        expectBeans(missing, WebhookProvider.class, BASE + ".ingest.webhook." + pkg, webhooks);
        expectBeans(missing, PollExecutor.class, BASE + ".ingest.polling." + pkg, polling);

        String key = ymlKey(provider);
        if (!hasPath(yml("poblysh-common.yml"), "poblysh", "oauth", "providers", key, "client-id")) {
            missing.add("poblysh.oauth.providers." + key + ".* (client-id, client-secret, authorize-url, token-url) "
                    + "in common/src/main/resources/poblysh-common.yml");
        }
        if (webhooks && !hasPath(yml("ingest-service.yml"), "poblysh", "ingest", key)) {
            missing.add("poblysh.ingest." + key + ".* (its webhook secret) in "
                    + "ingest-service/src/main/resources/ingest-service.yml");
        }
        String prefix = "POBLYSH_" + provider.id().toUpperCase(Locale.ROOT);
        for (String variable : List.of(prefix + "_CLIENT_ID", prefix + "_CLIENT_SECRET")) {
            if (!read(ROOT.resolve("docker-compose.yml")).contains(variable + ":")) {
                missing.add(variable + " in docker-compose.yml (the x-oauth-apps environment of the services)");
            }
            if (!read(ROOT.resolve(".env.example")).contains("\n" + variable + "=")) {
                missing.add(variable + " in .env.example");
            }
        }
        if (!read(ROOT.resolve("README.md")).contains("`" + prefix + "_CLIENT_ID` / `_CLIENT_SECRET`")) {
            missing.add("a row for " + prefix + "_CLIENT_ID / _CLIENT_SECRET in README.md's configuration table");
        }
        String registration = read(ROOT.resolve("README.md")).lines()
                .filter(line -> line.contains("`<base>/connect/" + provider.id() + "/callback`")).findFirst()
                .orElse(null);
        if (registration == null || !registration.contains("`" + prefix + "_CLIENT_ID`")
                || (webhooks && !registration.contains("/webhooks/" + provider.id()))) {
            missing.add("its row in README.md's table of what an operator registers at each provider (app "
                    + prefix + "_CLIENT_ID, callback <base>/connect/" + provider.id() + "/callback, webhook URL)");
        }
        if (!read(ROOT.resolve("openspec/specs/signal-normalization/spec.md"))
                .contains("\n| " + provider.id() + " |")) {
            missing.add("its rows in the mapping table of openspec/specs/signal-normalization/spec.md");
        }
        if (webhooks && !read(ROOT.resolve("openspec/specs/webhook-verification/spec.md"))
                .contains("\n| `" + provider.id() + "`")) {
            missing.add("its scheme in the table of openspec/specs/webhook-verification/spec.md");
        }
        if (ProviderFixtures.of(provider).isEmpty()) {
            missing.add("golden fixtures in provider-testkit/src/main/resources/fixtures/" + provider.id() + "/");
        }
        if (webhooks && TestSecrets.of(provider).isEmpty()) {
            missing.add("its test secrets and request signing in provider-testkit (TestSecrets, ProviderRequest)");
        }
        if (webhooks && (TestBindings.of(provider).isEmpty()
                || Arrays.stream(IdentityKind.values()).noneMatch(kind -> kind.provider() == provider))) {
            missing.add("the identities its deliveries name: IdentityKind (common.identity) and the kit's "
                    + "TestBindings (provider-testkit)");
        }
        return missing;
    }

    /** Exactly one component implementing {@code spi} in {@code pkg} when {@code wanted}, none when not. */
    private static void expectBeans(List<String> missing, Class<?> spi, String pkg, boolean wanted) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
        scanner.addIncludeFilter(new AssignableTypeFilter(spi));
        Set<String> found = scanner.findCandidateComponents(pkg).stream().map(BeanDefinition::getBeanClassName)
                .collect(Collectors.toCollection(TreeSet::new));
        if (wanted && found.size() != 1) {
            missing.add("one " + spi.getSimpleName() + " @Component in package " + pkg
                    + (found.isEmpty() ? "" : " (found " + found + ")"));
        } else if (!wanted && !found.isEmpty()) {
            missing.add("no " + spi.getSimpleName() + " in " + pkg + " (found " + found + "), or the catalogue "
                    + "saying it is offered");
        }
    }

    /** The provider's package segment: its id without underscores, e.g. {@code microsoftgraph}. */
    private static String packageName(Provider provider) {
        return provider.id().replace("_", "");
    }

    /** The provider's key in the services' yml, its id in kebab case, e.g. {@code microsoft-graph}. */
    private static String ymlKey(Provider provider) {
        return provider.id().replace('_', '-');
    }

    @SuppressWarnings("unchecked")
    private static boolean hasPath(Object node, String... path) {
        for (String step : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(step)) {
                return false;
            }
            node = ((Map<String, Object>) map).get(step);
        }
        return true;
    }

    /** The first document of a service's yml from the classpath (the later ones are profile overrides). */
    private static Object yml(String resource) {
        try (InputStream in = ProviderCompletenessTests.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the classpath").isNotNull();
            return new Yaml().loadAll(in).iterator().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
