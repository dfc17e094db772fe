package com.poblysh.connectors.query.oauth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the dialects' tests in {@code query.oauth.<provider>} need of this package without widening it: an
 * {@link OAuthHttp} (only {@link OAuthClients} creates one in the service) and every dialect as the application
 * finds them, by scanning the providers' packages.
 */
public final class OAuthTesting {

    private OAuthTesting() {
    }

    /** The HTTP client dialects are handed, with {@code timeout} on connect and response. */
    public static OAuthHttp http(Duration timeout) {
        OAuthProperties.Client unused = new OAuthProperties.Client("", "", URI.create("https://example.com/a"),
                URI.create("https://example.com/t"), null, null);
        return new OAuthHttp(new OAuthProperties(null, timeout, unused, unused, unused, unused),
                JsonMapper.builder().build());
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
