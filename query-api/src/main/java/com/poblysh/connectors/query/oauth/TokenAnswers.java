package com.poblysh.connectors.query.oauth;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.ProviderCallException;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.ProviderCatalogue;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import tools.jackson.databind.JsonNode;

/**
 * Reads token-endpoint answers the same way for every provider. Granted scopes may be separated by spaces
 * (RFC 6749) or commas (GitHub, Slack). A rejected authorization code (the user's code is expired or was already
 * redeemed) is the caller's problem: 400 with {@code details.provider_error}. Anything else that is not a usable
 * token answer is the provider's: 502 {@code PROVIDER_ERROR}.
 */
public final class TokenAnswers {

    /** Error codes meaning "this code is not valid" (RFC 6749 {@code invalid_grant}, GitHub's and Slack's names). */
    static final Set<String> CODE_REJECTED = Set.of("invalid_grant", "bad_verification_code", "invalid_code");

    private TokenAnswers() {
    }

    /** The grant in {@code reply}, or the matching 400/502. */
    public static ProviderOAuth.Grant read(Provider provider, OAuthHttp.Reply reply, Clock clock) {
        JsonNode body = reply.json();
        String error = text(body, "error");
        if (error != null && (reply.ok() || reply.status() == 400 || reply.status() == 401)
                && CODE_REJECTED.contains(error)) {
            throw new ApiException(ProblemCode.VALIDATION_FAILED, provider.id()
                    + " rejected the authorization code; start the connection again",
                    Map.of("error_type", "code_rejected", "provider_error", error), null);
        }
        if (error != null) {
            throw new ProviderCallException(provider, reply.status(),
                    ProviderCallException.errorCode(error, "invalid_response"));
        }
        if (!reply.ok()) {
            throw new ProviderCallException(provider, reply.status(), "http_" + reply.status());
        }
        String accessToken = text(body, "access_token");
        if (accessToken == null || accessToken.isBlank()) {
            throw new ProviderCallException(provider, reply.status(), "invalid_response");
        }
        Instant expiresAt = null;
        JsonNode expiresIn = body.get("expires_in");
        if (expiresIn != null && (expiresIn.isIntegralNumber() || expiresIn.isString())) {
            try {
                long seconds = Long.parseLong(expiresIn.asString().strip());
                expiresAt = seconds > 0 ? clock.instant().plusSeconds(seconds) : null;
            } catch (NumberFormatException e) {
                throw new ProviderCallException(provider, reply.status(), "invalid_response");
            }
        }
        String scope = text(body, "scope");
        List<String> scopes = scope == null || scope.isBlank() ? ProviderCatalogue.of(provider).scopes()
                : Arrays.stream(scope.split("[,\\s]+"))
                        .filter(s -> !s.isEmpty()).toList();
        return new ProviderOAuth.Grant(new TokenGrant(accessToken, blankToNull(text(body, "refresh_token")),
                expiresAt, scopes), body);
    }

    /** The string (or number) at {@code field}, else null; tolerates a null or non-object node. */
    public static String text(JsonNode node, String field) {
        return OAuthHttp.text(node, field);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
