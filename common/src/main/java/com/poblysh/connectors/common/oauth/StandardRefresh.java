package com.poblysh.connectors.common.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.poblysh.connectors.common.provider.Provider;

/**
 * A {@link RefreshDialect} that sends the RFC 6749 §6 request ({@code grant_type=refresh_token}) the way its
 * provider's {@link TokenEndpoint} takes it and reads the answer with {@link RefreshAnswers}; a provider says only
 * which error codes mean a dead refresh token, and adds parameters or detail where it needs to.
 */
public abstract class StandardRefresh implements RefreshDialect {

    private final Provider provider;
    private final TokenEndpoint endpoint;
    private final Set<String> rejections;

    /** {@code rejections}: the provider's error codes for "this refresh token is no good". */
    protected StandardRefresh(Provider provider, TokenEndpoint endpoint, Set<String> rejections) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.rejections = Set.copyOf(rejections);
    }

    @Override
    public final Provider provider() {
        return provider;
    }

    @Override
    public final RefreshOutcome refresh(OAuthHttp http, OAuthClientProperties.Client client, String refreshToken) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("refresh_token", refreshToken);
        parameters.putAll(extraParameters());
        OAuthHttp.Reply reply = endpoint.post(http, provider, client, "refresh_token", parameters);
        RefreshOutcome outcome = RefreshAnswers.read(provider, reply, rejections);
        return outcome instanceof RefreshOutcome.Rejected rejected ? rejected(rejected, reply) : outcome;
    }

    /** Parameters the provider wants after {@code refresh_token}; none by default. */
    protected Map<String, String> extraParameters() {
        return Map.of();
    }

    /** The refusal as reported; a provider whose answer says more overrides this to add a detail. */
    protected RefreshOutcome.Rejected rejected(RefreshOutcome.Rejected rejected, OAuthHttp.Reply reply) {
        return rejected;
    }
}
