package com.poblysh.connectors.common.oauth.microsoftgraph;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.RefreshOutcome;
import com.poblysh.connectors.common.oauth.StandardRefresh;
import com.poblysh.connectors.common.oauth.TokenEndpoint;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.ProviderCatalogue;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Microsoft identity platform v2.0: {@code POST /{tenant}/oauth2/v2.0/token} with a form of
 * {@code grant_type=refresh_token}, the app's credentials and the scopes connected with. The answer usually carries
 * a new refresh token, which replaces the old one. A refresh token that is expired, revoked or no longer covered by
 * consent is answered 400 {@code invalid_grant} (or {@code interaction_required} when the user must sign in again),
 * with an {@code AADSTS} code in {@code error_codes} naming why; that code is kept, the description (trace ids,
 * timestamps) is not.
 */
@Component
class MicrosoftGraphRefresh extends StandardRefresh {

    private static final Pattern AADSTS = Pattern.compile("\\bAADSTS(\\d{4,8})\\b");

    MicrosoftGraphRefresh() {
        super(Provider.MICROSOFT_GRAPH, TokenEndpoint.FORM, Set.of("invalid_grant", "interaction_required"));
    }

    @Override
    protected Map<String, String> extraParameters() {
        return Map.of("scope", String.join(" ", ProviderCatalogue.of(provider()).scopes()));
    }

    @Override
    protected RefreshOutcome.Rejected rejected(RefreshOutcome.Rejected rejected, OAuthHttp.Reply reply) {
        return new RefreshOutcome.Rejected(rejected.providerError(), aadsts(reply.json()));
    }

    /** {@code AADSTS<n>} from {@code error_codes}, else from the description; null when neither names one. */
    static String aadsts(JsonNode answer) {
        JsonNode codes = answer.path("error_codes");
        if (codes.isArray() && !codes.isEmpty() && codes.get(0).isIntegralNumber()) {
            return "AADSTS" + codes.get(0).asLong();
        }
        Matcher m = AADSTS.matcher(answer.path("error_description").asString(""));
        return m.find() ? "AADSTS" + m.group(1) : null;
    }
}
