package com.poblysh.connectors.common.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Every provider's OAuth app and endpoints ({@code poblysh.oauth.*} in {@code poblysh-common.yml}), shared by the
 * connect flow (query-api) and the token refresher (ingest-service, signal-processor), so one app is configured in
 * one place.
 *
 * @param timeout   {@code POBLYSH_OAUTH_TIMEOUT}: connect and response timeout of every call to an OAuth endpoint
 * @param providers {@code poblysh.oauth.providers.<provider>} (e.g. {@code microsoft-graph}): every
 *                  {@link Provider}'s app credentials ({@code POBLYSH_<PROVIDER>_CLIENT_ID} / {@code _CLIENT_SECRET},
 *                  see {@link #environmentPrefix}) and endpoints; start-up fails naming a provider without settings
 */
@Validated
@ConfigurationProperties("poblysh.oauth")
public record OAuthClientProperties(@NotNull Duration timeout, Map<Provider, @Valid Client> providers) {

    public OAuthClientProperties {
        Map<Provider, Client> complete = new EnumMap<>(Provider.class);
        if (providers != null) {
            complete.putAll(providers);
        }
        List<String> missing = new ArrayList<>();
        for (Provider provider : Provider.values()) {
            if (complete.get(provider) == null) {
                missing.add("poblysh.oauth.providers." + provider.id().replace('_', '-'));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no OAuth settings for " + String.join(", ", missing)
                    + ": every provider needs its authorize-url and token-url (poblysh-common.yml has the real ones)");
        }
        providers = Collections.unmodifiableMap(complete);
    }

    /**
     * One provider's OAuth app and endpoints. The endpoints default to the provider's real ones (see
     * {@code poblysh-common.yml}) and are overridable for tests and egress proxies.
     *
     * @param clientId     the app's client id; blank means the provider can be neither connected (503) nor refreshed
     * @param clientSecret the app's client secret; never logged
     * @param authorizeUrl where the user's browser is sent; HTTPS (http only on a loopback host, the local run's fake)
     * @param tokenUrl     where a code is exchanged for tokens and a refresh token for new ones
     * @param userUrl      where the connected account is read (GitHub user, Graph {@code /me}, Atlassian sites);
     *                     unused for Slack, whose token answer names the workspace
     * @param revokeUrl    where a token is revoked on disconnect; absent when the provider offers no revocation. A
     *                     URI template: {@code {client_id}} is replaced by the client id (GitHub's path has it)
     */
    public record Client(String clientId, String clientSecret, @NotNull URI authorizeUrl, @NotNull URI tokenUrl,
            URI userUrl, String revokeUrl) {

        public Client {
            clientId = clientId == null ? "" : clientId.strip();
            clientSecret = clientSecret == null ? "" : clientSecret.strip();
            if (authorizeUrl != null && authorizeUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("an OAuth authorize URL must have no fragment, got " + authorizeUrl);
            }
            requireHttpsOrLoopback(authorizeUrl, "authorize");
            requireHttpsOrLoopback(tokenUrl, "token");
            requireHttpsOrLoopback(userUrl, "user");
            revokeUrl = revokeUrl == null || revokeUrl.isBlank() ? null : revokeUrl.strip();
            if (revokeUrl != null) {
                requireHttpsOrLoopback(URI.create(revokeUrl.replace("{client_id}", "client")), "revoke");
            }
        }

        /** Whether both client id and secret are set. */
        public boolean configured() {
            return !clientId.isEmpty() && !clientSecret.isEmpty();
        }

        @Override
        public String toString() {
            return "Client[clientId=" + clientId + ", clientSecret=" + (clientSecret.isEmpty() ? "missing" : "redacted")
                    + ", authorizeUrl=" + authorizeUrl + ", tokenUrl=" + tokenUrl + ", userUrl=" + userUrl
                    + ", revokeUrl=" + revokeUrl + "]";
        }
    }

    /** The settings of {@code provider}. */
    public Client client(Provider provider) {
        return providers.get(provider);
    }

    /** Environment variable prefix of {@code provider}'s credentials, e.g. {@code POBLYSH_MICROSOFT_GRAPH}. */
    public static String environmentPrefix(Provider provider) {
        return "POBLYSH_" + provider.id().toUpperCase(Locale.ROOT);
    }

    /** Whether {@code uri} is http on {@code localhost}, {@code 127.0.0.1} or {@code [::1]}. */
    public static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    private static void requireHttpsOrLoopback(URI uri, String what) {
        if (uri != null && (uri.getHost() == null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && isLoopback(uri)))) {
            throw new IllegalArgumentException("an OAuth " + what + " URL must be an absolute https URL (http only on "
                    + "a loopback host), got " + uri);
        }
    }
}
