package com.poblysh.connectors.ingest.webhook;

import java.util.Objects;
import java.util.UUID;

/**
 * The outcome of authenticating a webhook request. Every rejection reads the same to the caller (401
 * {@code INVALID_SIGNATURE}); the reason only reaches the debug log.
 */
public final class Verification {

    private enum Outcome { VERIFIED, OPERATOR, PER_ITEM, REJECTED }

    private static final Verification OPERATOR = new Verification(Outcome.OPERATOR, null, "operator token");
    private static final Verification PER_ITEM = new Verification(Outcome.PER_ITEM, null, "credentials per item");

    private final Outcome outcome;
    private final UUID connectionId;
    private final String reason;

    private Verification(Outcome outcome, UUID connectionId, String reason) {
        this.outcome = outcome;
        this.connectionId = connectionId;
        this.reason = reason;
    }

    /** Signed with {@code secret}; the delivery belongs to its connection, if it has one. */
    public static Verification verified(WebhookSecret secret) {
        return new Verification(Outcome.VERIFIED, secret.connectionId(), "signed");
    }

    /** Refused; {@code reason} is for the debug log only. */
    public static Verification rejected(String reason) {
        return new Verification(Outcome.REJECTED, null, Objects.requireNonNull(reason, "reason"));
    }

    /**
     * The scheme carries one credential per item inside the body (Microsoft Graph's {@code clientState}): nothing can
     * be checked on the raw bytes, and {@link WebhookProvider#receive} must authenticate every item it accepts and
     * refuse the request when none passes.
     */
    public static Verification perItem() {
        return PER_ITEM;
    }

    /** Admitted by a valid operator bearer token instead of the provider's credentials (manual replays). */
    static Verification operator() {
        return OPERATOR;
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

    /** The connection whose secret verified the request; null for configured secrets, operators and per-item. */
    public UUID connectionId() {
        return connectionId;
    }

    String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "Verification[" + outcome + (connectionId == null ? "" : ", connection " + connectionId) + "]";
    }
}
