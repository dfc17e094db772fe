package com.poblysh.connectors.query.connect;

import java.util.LinkedHashMap;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.query.connections.ConnectionStore;
import com.poblysh.connectors.query.connections.ConnectionView;
import com.poblysh.connectors.query.oauth.Connected;
import com.poblysh.connectors.query.oauth.OAuthClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The OAuth connect flow. {@link #start} binds a fresh single-use {@code state} (and PKCE verifier where the
 * provider supports it) to the tenant and provider; {@link #complete} consumes that state first, so the tenant of
 * the new connection always comes from our own record, never from the browser.
 */
@Service
class ConnectFlow {

    private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);

    private final OAuthClients oauth;
    private final OAuthStateStore states;
    private final ConnectionStore connections;

    ConnectFlow(OAuthClients oauth, OAuthStateStore states, ConnectionStore connections) {
        this.oauth = oauth;
        this.states = states;
        this.connections = connections;
    }

    /** The authorize URL that starts connecting {@code provider} for {@code tenant}. */
    String start(TenantId tenant, Provider provider) {
        requireAvailable(provider);
        String state = Pkce.randomToken();
        String verifier = oauth.usesPkce(provider) ? Pkce.randomToken() : null;
        states.save(state, tenant, provider, verifier, oauth.redirectUri(provider));
        states.purgeExpired();
        return oauth.authorizeUrl(provider, state, verifier == null ? null : Pkce.challenge(verifier));
    }

    /**
     * Completes a callback: validates and consumes the state, then turns the provider's denial, a missing code,
     * or the exchanged tokens into the answer.
     */
    ConnectionView complete(Provider provider, String state, String code, String error) {
        if (!Pkce.isWellFormed(state)) {
            throw stateProblem("state_invalid", state == null ? "state is missing" : "state is not valid");
        }
        OAuthStateStore.Result result = states.claim(state);
        if (result.rejection() == OAuthStateStore.Rejection.REUSED) {
            throw stateProblem("state_reused", "state was already used; start the connection again");
        }
        if (result.rejection() == OAuthStateStore.Rejection.INVALID) {
            throw stateProblem("state_invalid", "state is not valid");
        }
        OAuthStateStore.Claimed claimed = result.claimed();
        if (claimed.provider() != provider) {
            log.warn("OAuth callback for {} carried a state issued for {} (tenant {}); state burned", provider,
                    claimed.provider(), claimed.tenant());
            throw stateProblem("csrf_validation_failed", "state was not issued for " + provider.id());
        }
        if (claimed.expired()) {
            throw stateProblem("state_expired", "state expired; start the connection again");
        }
        if (oauth.usesPkce(provider) && claimed.codeVerifier() == null) {
            throw stateProblem("state_invalid", "state is not valid"); // issued under another key, or tampered
        }
        requireAvailable(provider);
        if (error != null) {
            String providerError = error.matches("[A-Za-z0-9_.-]{1,64}") ? error : "unknown_error";
            throw new ApiException(ProblemCode.VALIDATION_FAILED, provider.id() + " did not grant access ("
                    + providerError + ")", Map.of("provider_error", providerError), null);
        }
        if (code == null || code.isBlank()) {
            throw ApiException.validation("code", "code is required");
        }
        Connected connected = oauth.exchange(provider, code, claimed.redirectUri(), claimed.codeVerifier());
        ConnectionView connection = connections.save(claimed.tenant(), provider, connected);
        log.info("Connected {} for tenant {}: connection {}", provider, claimed.tenant(), connection.id());
        return connection;
    }

    private void requireAvailable(Provider provider) {
        oauth.unavailable(provider).ifPresent(reason -> {
            throw new ApiException(ProblemCode.SERVICE_UNAVAILABLE, reason, Map.of("provider", provider.id()), null);
        });
    }

    private static ApiException stateProblem(String type, String message) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error_type", type);
        details.put("state", message);
        return new ApiException(ProblemCode.VALIDATION_FAILED, message, details, null);
    }
}
