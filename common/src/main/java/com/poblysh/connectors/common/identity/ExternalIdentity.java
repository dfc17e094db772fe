package com.poblysh.connectors.common.identity;

import java.util.Objects;

import com.poblysh.connectors.common.provider.Provider;

/**
 * One identity at a provider, e.g. {@code github:repository=1296269} or {@code slack:team=T061EG9R6}: what a
 * connection is bound to and what a webhook delivery names. Values are compared exactly (producers normalize them,
 * e.g. Jira site hosts in lower case) and are bounded, printable and never blank, because they come from request
 * bodies and end up in SQL parameters and logs.
 *
 * @param kind  what the value names
 * @param value the provider's id, as text
 */
public record ExternalIdentity(IdentityKind kind, String value) {

    /** Longest value kept: provider ids are far shorter; anything longer is not an id. */
    public static final int MAX_LENGTH = 256;

    public ExternalIdentity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("identity value must be 1 to " + MAX_LENGTH
                    + " printable characters without spaces");
        }
    }

    /** The identity, e.g. {@code of(IdentityKind.SLACK_TEAM, "T061EG9R6")}. */
    public static ExternalIdentity of(IdentityKind kind, String value) {
        return new ExternalIdentity(kind, value);
    }

    /** Whether {@code value} can be an identity value (what a payload offers is checked before it is used). */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    public Provider provider() {
        return kind.provider();
    }

    @Override
    public String toString() {
        return kind + "=" + value;
    }
}
