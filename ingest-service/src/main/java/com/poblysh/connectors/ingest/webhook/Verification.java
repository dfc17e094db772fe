package com.poblysh.connectors.ingest.webhook;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.identity.ExternalIdentity;

/**
 * The outcome of authenticating a webhook request. Every rejection reads the same to the caller (401
 * {@code INVALID_SIGNATURE}); the reason only reaches the debug log. Authenticated is not yet accepted: the
 * delivery must still be bound to a connection of the tenant ({@link ConnectionBinder}).
 */
public final class Verification {

    private enum Outcome { VERIFIED, OPERATOR, PER_ITEM, REJECTED }

    private static final Verification PER_ITEM = new Verification(Outcome.PER_ITEM, List.of(), Set.of(), null,
            "credentials per item");

    private final Outcome outcome;
    private final List<WebhookSecret> credentials;
    private final Set<ExternalIdentity> required;
    private final UUID operatorConnection;
    private final String reason;

    private Verification(Outcome outcome, List<WebhookSecret> credentials, Set<ExternalIdentity> required,
            UUID operatorConnection, String reason) {
        this.outcome = outcome;
        this.credentials = List.copyOf(credentials);
        this.required = Set.copyOf(required);
        this.operatorConnection = operatorConnection;
        this.reason = reason;
    }

    /** Signed with each of {@code credentials} (one or more of the candidates matched). */
    public static Verification verified(List<WebhookSecret> credentials) {
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("a verified request names the secrets that verified it");
        }
        return new Verification(Outcome.VERIFIED, credentials, Set.of(), null, "signed");
    }

    /** Signed with {@code secret}. */
    public static Verification verified(WebhookSecret secret) {
        return verified(List.of(secret));
    }

    /** Refused; {@code reason} is for the debug log only. */
    public static Verification rejected(String reason) {
        return new Verification(Outcome.REJECTED, List.of(), Set.of(), null, Objects.requireNonNull(reason, "reason"));
    }

    /**
     * The scheme carries one credential per item inside the body (Microsoft Graph's {@code clientState}): nothing can
     * be checked on the raw bytes, and {@link WebhookProvider#receive} must authenticate and bind every item it
     * accepts and refuse the request when none passes.
     */
    public static Verification perItem() {
        return PER_ITEM;
    }

    /**
     * Admitted by a valid operator bearer token instead of the provider's credentials (manual replays), for
     * {@code connection} when the operator named one ({@code X-Connection-Id}), else null.
     */
    static Verification operator(UUID connection) {
        return new Verification(Outcome.OPERATOR, List.of(), Set.of(), connection, "operator token");
    }

    /**
     * The same verification, whose credential itself names identities the attributed connection must be bound to
     * (a Jira JWT's {@code iss}).
     */
    public Verification requiring(Set<ExternalIdentity> identities) {
        return new Verification(outcome, credentials, identities, operatorConnection, reason);
    }

    public boolean isRejected() {
        return outcome == Outcome.REJECTED;
    }

    /** Whether an operator, not the provider, sent the request. */
    public boolean isOperator() {
        return outcome == Outcome.OPERATOR;
    }

    /** Whether the provider must authenticate each item itself. */
    public boolean isPerItem() {
        return outcome == Outcome.PER_ITEM;
    }

    /** The secrets that verified the request; empty unless verified. */
    public List<WebhookSecret> credentials() {
        return credentials;
    }

    /** Identities the credential names, which the attributed connection must be bound to. */
    public Set<ExternalIdentity> requiredIdentities() {
        return required;
    }

    /** The connection an operator named, or null. */
    public UUID operatorConnection() {
        return operatorConnection;
    }

    String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "Verification[" + outcome + ", " + credentials + (required.isEmpty() ? "" : ", requires " + required)
                + "]";
    }
}
