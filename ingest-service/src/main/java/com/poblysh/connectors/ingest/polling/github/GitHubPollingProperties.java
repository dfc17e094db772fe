package com.poblysh.connectors.ingest.polling.github;

import java.time.Duration;

import com.poblysh.connectors.ingest.polling.PollingHttp;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Polling GitHub's REST API ({@code poblysh.ingest.github.polling.*}).
 *
 * @param apiBaseUrl the API root ({@code POBLYSH_GITHUB_API_BASE_URL}, default {@code https://api.github.com};
 *                   GitHub Enterprise Server: {@code https://<host>/api/v3}; tests point it at a fake)
 * @param pageSize   items per request, GitHub's {@code per_page} ({@code POBLYSH_GITHUB_POLL_PAGE_SIZE}, default and
 *                   most 100: fewer requests against the hourly budget)
 * @param timeout    connect and response timeout of one request ({@code POBLYSH_GITHUB_POLL_TIMEOUT}, default 10s,
 *                   at most 60s); a timeout is a transient failure, retried with backoff
 */
@Validated
@ConfigurationProperties("poblysh.ingest.github.polling")
record GitHubPollingProperties(
        @NotBlank @DefaultValue("https://api.github.com") String apiBaseUrl,
        @Min(1) @Max(100) @DefaultValue("100") int pageSize,
        @NotNull @DefaultValue("10s") Duration timeout) {

    GitHubPollingProperties {
        if (apiBaseUrl != null) {
            apiBaseUrl = apiBaseUrl.replaceAll("/+$", "");
            if (!apiBaseUrl.matches("https?://[^/?#]+(/[^?#]*)?")) {
                throw new IllegalArgumentException("poblysh.ingest.github.polling.api-base-url must be an http(s) "
                        + "URL without query or fragment, got " + apiBaseUrl);
            }
        }
        PollingHttp.checkTimeout("poblysh.ingest.github.polling.timeout", timeout);
    }
}
