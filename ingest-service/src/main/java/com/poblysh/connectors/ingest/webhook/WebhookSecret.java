package com.poblysh.connectors.ingest.webhook;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A secret a delivery may be verified with, and where it comes from. {@link #toString()} never shows the value.
 *
 * @param value        the secret
 * @param connectionId the connection it is stored on ({@link Source#CONNECTION}); null otherwise
 * @param source       where it comes from, which decides to which connections a delivery it verifies may belong
 */
public record WebhookSecret(String value, UUID connectionId, Source source) {

    /** Where a secret comes from. */
    public enum Source {
        /** Stored on one connection (a hook's secret, a Connect installation's shared secret, a clientState). */
        CONNECTION,
        /**
         * The credential of the service's own app at the provider, which signs the deliveries of every account that
         * installed it (Slack's signing secret, the Jira OAuth 2.0 app's client secret): any of the tenant's
         * connections the delivery's identity is bound to may claim it.
         */
        APP,
        /**
         * A service-wide secret for hand-made webhooks ({@code POBLYSH_GITHUB_WEBHOOK_SECRET}, ...): counts only when
         * {@code POBLYSH_INGEST_ALLOW_FALLBACK_SECRETS} is true, and then like {@link #APP}.
         */
        FALLBACK
    }

    public WebhookSecret {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        if ((source == Source.CONNECTION) != (connectionId != null)) {
            throw new IllegalArgumentException("a connection secret names its connection, no other secret does");
        }
    }

    /** A connection's own secret. */
    public static WebhookSecret connection(String value, UUID connectionId) {
        return new WebhookSecret(value, Objects.requireNonNull(connectionId, "connectionId"), Source.CONNECTION);
    }

    /** The credential of the service's app at the provider. */
    public static WebhookSecret app(String value) {
        return new WebhookSecret(value, null, Source.APP);
    }

    /** A service-wide fallback secret for hand-made webhooks (counted only when opted in). */
    public static WebhookSecret fallback(String value) {
        return new WebhookSecret(value, null, Source.FALLBACK);
    }

    /** {@link #app} of {@code value} as a list, empty when the setting is unset or blank. */
    public static List<WebhookSecret> appIfSet(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(app(value));
    }

    /** {@link #fallback} of {@code value} as a list, empty when the setting is unset or blank. */
    public static List<WebhookSecret> fallbackIfSet(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(fallback(value));
    }

    @Override
    public String toString() {
        return "WebhookSecret[" + (connectionId == null ? source.name().toLowerCase(Locale.ROOT)
                : "connection " + connectionId) + ", value redacted]";
    }
}
