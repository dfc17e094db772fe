package com.poblysh.connectors.common.oauth.microsoftgraph;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.RefreshAnswers;
import com.poblysh.connectors.common.oauth.RefreshDialect;
import com.poblysh.connectors.common.oauth.RefreshOutcome;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.ProviderCatalogue;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
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
class MicrosoftGraphRefresh implements RefreshDialect {

    private static final Set<String> REJECTIONS = Set.of("invalid_grant", "interaction_required");
    private static final Pattern AADSTS = Pattern.compile("\\bAADSTS(\\d{4,8})\\b");

    @Override
    public Provider provider() {
        return Provider.MICROSOFT_GRAPH;
    }

    @Override
    public RefreshOutcome refresh(OAuthHttp http, OAuthClientProperties.Client client, String refreshToken) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("client_id", client.clientId());
        form.add("client_secret", client.clientSecret());
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        form.add("scope", String.join(" ", ProviderCatalogue.of(provider()).scopes()));
        OAuthHttp.Reply reply = http.postForm(provider(), client.tokenUrl(), form, h -> { });
        RefreshOutcome outcome = RefreshAnswers.read(provider(), reply, REJECTIONS);
        if (outcome instanceof RefreshOutcome.Rejected rejected) {
            return new RefreshOutcome.Rejected(rejected.providerError(), aadsts(reply.json()));
        }
        return outcome;
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
