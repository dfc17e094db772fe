package com.poblysh.connectors.query.oauth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What became of a provider-side revocation. Disconnecting never fails because of it, but the outcome is
 * audited so an operator can follow up on a token the provider may still honour.
 *
 * @param result        {@code revoked}, {@code not_supported} (the provider has no revocation endpoint),
 *                      {@code no_token} (nothing stored to revoke) or {@code failed}
 * @param status        the provider's HTTP status when it answered, else null
 * @param upstreamError short machine-readable reason of a failure, else null
 */
public record RevokeOutcome(String result, Integer status, String upstreamError) {

    public static final RevokeOutcome REVOKED = new RevokeOutcome("revoked", null, null);
    public static final RevokeOutcome NOT_SUPPORTED = new RevokeOutcome("not_supported", null, null);
    public static final RevokeOutcome NO_TOKEN = new RevokeOutcome("no_token", null, null);

    public static RevokeOutcome failed(Integer status, String upstreamError) {
        return new RevokeOutcome("failed", status, upstreamError);
    }

    /** Audit details, e.g. {@code {provider_revoke: failed, provider_status: 503, upstream_error: http_503}}. */
    public Map<String, Object> auditDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider_revoke", result);
        if (status != null) {
            details.put("provider_status", status);
        }
        if (upstreamError != null) {
            details.put("upstream_error", upstreamError);
        }
        return details;
    }
}
