package com.poblysh.connectors.ingest.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Why a page could not be read, and so what the engine does with the job: the cursor never moves, and
 * <ul>
 *   <li>{@link Kind#RATE_LIMITED}: the job waits until {@link #retryAt()}; the attempt is not counted as a failure</li>
 *   <li>{@link Kind#TRANSIENT}: retried after {@code min(5·2^failures, 900)} s with jitter, up to the configured
 *       attempts</li>
 *   <li>{@link Kind#PERMANENT}: the job fails with {@link #code()}, never retried</li>
 *   <li>{@link Kind#UNAUTHORIZED}: credentials are refreshed once ({@link CredentialRefresher}) and the page read
 *       again; a second refusal fails the job</li>
 * </ul>
 * Any other exception an executor throws counts as transient ({@code unexpected}).
 */
public final class PollException extends Exception {

    /** The outcome classes an executor chooses from. */
    public enum Kind { RATE_LIMITED, TRANSIENT, PERMANENT, UNAUTHORIZED }

    private final Kind kind;
    private final String code;
    private final Instant retryAt;

    private PollException(Kind kind, String code, String message, Instant retryAt, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = kind;
        this.code = Objects.requireNonNull(code, "code");
        this.retryAt = retryAt;
    }

    /** The provider asked us to wait until {@code retryAt} ({@code Retry-After}, a rate-limit reset header). */
    public static PollException rateLimited(Instant retryAt, String message) {
        return new PollException(Kind.RATE_LIMITED, "rate_limited", message,
                Objects.requireNonNull(retryAt, "retryAt"), null);
    }

    /** Worth retrying later: a 5xx, a timeout, a connection reset. {@code code} is snake_case, e.g. {@code timeout}. */
    public static PollException transientFailure(String code, String message, Throwable cause) {
        return new PollException(Kind.TRANSIENT, code, message, null, cause);
    }

    /** Retrying cannot help: the resource is gone, the scope is missing. {@code code} is snake_case. */
    public static PollException permanent(String code, String message) {
        return new PollException(Kind.PERMANENT, code, message, null, null);
    }

    /** The provider refused the connection's token (401). */
    public static PollException unauthorized(String message) {
        return new PollException(Kind.UNAUTHORIZED, "unauthorized", message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Stored as {@code error.code} of the job, e.g. {@code rate_limited}. */
    public String code() {
        return code;
    }

    /** This failure as a job's or a webhook row's error object, {@code {code, message, at}}. */
    public Map<String, Object> toError(Instant at) {
        return JobStore.error(code, getMessage(), at);
    }

    /** When a rate-limited job may run again; null for other kinds. */
    public Instant retryAt() {
        return retryAt;
    }
}
