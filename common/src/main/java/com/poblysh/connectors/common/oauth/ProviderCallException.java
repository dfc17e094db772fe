package com.poblysh.connectors.common.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;

/**
 * A provider call that did not give a usable answer: 502 {@code PROVIDER_ERROR} with
 * {@code details: {provider, status, upstream_error}}. {@code status} is the provider's HTTP status (null when
 * it never answered); {@code upstream_error} is the provider's OAuth error code or one of {@code timeout},
 * {@code unreachable}, {@code invalid_response}, {@code http_<status>}. Nothing else of the provider's answer is
 * echoed: it may carry secrets or markup. Outside a request (the token refresher) it is a failure worth retrying.
 */
public final class ProviderCallException extends ApiException {

    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final Integer status;
    private final String upstreamError;

    public ProviderCallException(Provider provider, Integer status, String upstreamError) {
        super(ProblemCode.PROVIDER_ERROR, provider.id() + " did not complete the request (" + upstreamError + ")",
                details(provider, status, upstreamError), null);
        this.status = status;
        this.upstreamError = upstreamError;
    }

    /** The provider's HTTP status, null when it never answered. */
    public Integer status() {
        return status;
    }

    public String upstreamError() {
        return upstreamError;
    }

    /** A provider-sent error code if it looks like one, else {@code fallback}: never arbitrary provider text. */
    public static String errorCode(String candidate, String fallback) {
        return candidate != null && ERROR_CODE.matcher(candidate).matches() ? candidate : fallback;
    }

    private static Map<String, Object> details(Provider provider, Integer status, String upstreamError) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider.id());
        details.put("status", status);
        details.put("upstream_error", upstreamError);
        return details;
    }
}
