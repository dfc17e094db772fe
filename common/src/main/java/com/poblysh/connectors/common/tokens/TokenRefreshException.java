package com.poblysh.connectors.common.tokens;

import com.poblysh.connectors.common.provider.Provider;

/**
 * A refresh the provider gave no usable answer to (down, slow, the app misconfigured): the stored tokens stay as they
 * were, and trying again later may succeed. The message names the provider and its error code, never a token.
 */
public final class TokenRefreshException extends RuntimeException {

    private final String upstreamError;

    TokenRefreshException(Provider provider, String upstreamError) {
        super("refreshing a " + provider.id() + " token failed (" + upstreamError + ")", null, false, false);
        this.upstreamError = upstreamError;
    }

    /** The provider's error code or {@code timeout}, {@code unreachable}, {@code invalid_response}, {@code http_<n>}. */
    public String upstreamError() {
        return upstreamError;
    }
}
