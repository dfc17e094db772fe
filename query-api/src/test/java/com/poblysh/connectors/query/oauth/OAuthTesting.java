package com.poblysh.connectors.query.oauth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.provider.Provider;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the dialects' tests in {@code query.oauth.<provider>} need of this package without widening it: an
 * {@link OAuthHttp}, the providers' apps, and every dialect as the application finds them, by scanning the
 * providers' packages.
 */
public final class OAuthTesting {

    private OAuthTesting() {
    }

    /** The HTTP client dialects are handed, with {@code timeout} on connect and response. */
    public static OAuthHttp http(Duration timeout) {
        return new OAuthHttp(timeout, JsonMapper.builder().build());
    }

    /** Apps with {@code clients} and every other provider unconfigured (no credentials, example endpoints). */
    public static OAuthClientProperties clients(Duration timeout, Map<Provider, OAuthClientProperties.Client> clients) {
        Map<Provider, OAuthClientProperties.Client> all = new EnumMap<>(Provider.class);
        for (Provider provider : Provider.values()) {
            all.put(provider, clients.getOrDefault(provider, unconfigured()));
        }
        return new OAuthClientProperties(timeout, all);
    }

    /** A provider without app credentials: it cannot be connected. */
    public static OAuthClientProperties.Client unconfigured() {
        return new OAuthClientProperties.Client("", "", URI.create("https://example.com/authorize"),
                URI.create("https://example.com/token"), null, null);
    }

    /** The {@link ProviderOAuth} beans of the {@code query.oauth.<provider>} packages, with {@code clock}. */
    public static List<ProviderOAuth> dialects(Clock clock) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(Clock.class, () -> clock);
            context.scan(Arrays.stream(Provider.values()).map(OAuthTesting::dialectPackage).toArray(String[]::new));
            context.refresh();
            return List.copyOf(context.getBeansOfType(ProviderOAuth.class).values());
        }
    }

    /** {@code query.oauth.<provider>}: the provider's id without underscores, e.g. {@code microsoftgraph}. */
    public static String dialectPackage(Provider provider) {
        return ProviderOAuth.class.getPackageName() + "." + provider.id().replace("_", "");
    }
}
