package com.poblysh.connectors.query.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.ProviderCallException;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.ProviderCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OAuth side of connecting and disconnecting, for every provider: builds authorize URLs, exchanges codes,
 * identifies the account and revokes grants, each in the provider's own dialect ({@link ProviderOAuth}).
 */
@Component
public class OAuthClients {

    /** Longest authorize URL handed out; browsers and proxies truncate or refuse longer ones. */
    public static final int MAX_AUTHORIZE_URL_LENGTH = 2048;

    private static final Logger log = LoggerFactory.getLogger(OAuthClients.class);

    private final OAuthProperties properties;
    private final OAuthClientProperties clients;
    private final OAuthHttp http;
    private final Map<Provider, ProviderOAuth> dialects = new EnumMap<>(Provider.class);

    OAuthClients(OAuthProperties properties, OAuthClientProperties clients, JsonMapper json,
            List<ProviderOAuth> dialects) {
        this.properties = properties;
        this.clients = clients;
        this.http = new OAuthHttp(clients.timeout(), json);
        dialects.forEach(d -> this.dialects.put(d.provider(), d));
        for (Provider provider : Provider.values()) {
            if (!this.dialects.containsKey(provider)) {
                throw new IllegalStateException("no OAuth dialect for provider " + provider);
            }
        }
        for (Provider provider : Provider.values()) {
            if (unavailable(provider).isEmpty()) {
                // fail at start-up, not on a user's click, when endpoints and scopes make the URL too long
                String longest = authorizeUrl(provider, "s".repeat(43), "c".repeat(43));
                if (longest.length() > MAX_AUTHORIZE_URL_LENGTH) {
                    throw new IllegalStateException(provider + " authorize URL would be " + longest.length()
                            + " characters; at most " + MAX_AUTHORIZE_URL_LENGTH + " are allowed");
                }
            }
        }
        log.info("OAuth connect available for {}", java.util.Arrays.stream(Provider.values())
                .filter(p -> unavailable(p).isEmpty()).toList());
    }

    /**
     * Why {@code provider} cannot be connected right now (missing app credentials or public base URL), naming
     * the variables to set; empty when it can.
     */
    public Optional<String> unavailable(Provider provider) {
        if (!clients.client(provider).configured()) {
            String prefix = OAuthClientProperties.environmentPrefix(provider);
            return Optional.of(provider.id() + " is not configured on this service: set " + prefix + "_CLIENT_ID and "
                    + prefix + "_CLIENT_SECRET");
        }
        if (properties.publicBaseUrl() == null) {
            return Optional.of("connecting is not configured on this service: set POBLYSH_PUBLIC_BASE_URL");
        }
        return Optional.empty();
    }

    /** Whether {@code provider}'s flow uses PKCE S256. */
    public boolean usesPkce(Provider provider) {
        return dialects.get(provider).pkce();
    }

    /** Where {@code provider} sends the user back: {@code <public base URL>/connect/<provider>/callback}. */
    public String redirectUri(Provider provider) {
        return properties.publicBaseUrl() + "/connect/" + provider.id() + "/callback";
    }

    /**
     * The URL that starts {@code provider}'s consent screen, carrying {@code state} and, with PKCE, the S256
     * {@code codeChallenge} (null otherwise).
     */
    public String authorizeUrl(Provider provider, String state, String codeChallenge) {
        ProviderOAuth dialect = dialects.get(provider);
        OAuthClientProperties.Client client = clients.client(provider);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", client.clientId());
        parameters.put("redirect_uri", redirectUri(provider));
        parameters.put("scope", String.join(dialect.scopeDelimiter(), ProviderCatalogue.of(provider).scopes()));
        parameters.put("state", state);
        if (dialect.pkce()) {
            parameters.put("code_challenge", codeChallenge);
            parameters.put("code_challenge_method", "S256");
        }
        parameters.putAll(new TreeMap<>(dialect.extraAuthorizeParameters()));
        // every value fully percent-encoded (as form encoding does, but %20 for spaces): no provider misreads it
        String base = client.authorizeUrl().toString();
        String separator = client.authorizeUrl().getRawQuery() == null ? "?" : "&";
        StringJoiner query = new StringJoiner("&", base + separator, "");
        parameters.forEach((name, value) -> query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")));
        return query.toString();
    }

    /**
     * Exchanges {@code code} at the provider and identifies the account.
     *
     * @throws ProviderCallException on any provider failure (502)
     * @throws com.poblysh.connectors.common.web.ApiException 400 when the provider rejects the code
     */
    public Connected exchange(Provider provider, String code, String redirectUri, String codeVerifier) {
        ProviderOAuth dialect = dialects.get(provider);
        OAuthClientProperties.Client client = clients.client(provider);
        try {
            ProviderOAuth.Grant grant = dialect.exchange(http, client, code, redirectUri, codeVerifier);
            return new Connected(grant.tokens(), dialect.identify(http, client, grant));
        } catch (ProviderCallException e) {
            log.warn("OAuth exchange with {} failed: status={} upstream_error={}", provider, e.status(),
                    e.upstreamError());
            throw e;
        }
    }

    /** Revokes {@code accessToken} at the provider where it offers revocation; never throws. */
    public RevokeOutcome revoke(Provider provider, String accessToken) {
        RevokeOutcome outcome;
        try {
            outcome = dialects.get(provider).revoke(http, clients.client(provider), accessToken);
        } catch (RuntimeException e) { // a bug in a dialect must not block a disconnect
            log.error("Revoking a {} token failed unexpectedly", provider, e);
            outcome = RevokeOutcome.failed(null, "internal_error");
        }
        if ("failed".equals(outcome.result())) {
            log.warn("Provider-side revocation at {} failed: status={} upstream_error={}; the connection is revoked "
                    + "here regardless", provider, outcome.status(), outcome.upstreamError());
        }
        return outcome;
    }
}
