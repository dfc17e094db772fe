package com.poblysh.connectors.ingest.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.poblysh.connectors.ingest.jobs.PollException;

/**
 * The targets (repositories, sites) one provision run could not handle: each is recorded and the run goes on with the
 * others, then fails as a whole, transiently (retried soon) when one failure was transient, else permanently.
 */
public final class TargetFailures {

    private final List<String> refused = new ArrayList<>();
    private PollException transientFailure;

    /**
     * Records {@code target}'s failure and returns its {@code failed} action ({@code {action, <targetKey>, code}});
     * a refused token or a rate limit is rethrown: it stops the whole run.
     */
    public Map<String, Object> add(String targetKey, String target, PollException e) throws PollException {
        if (e.kind() == PollException.Kind.UNAUTHORIZED || e.kind() == PollException.Kind.RATE_LIMITED) {
            throw e;
        }
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("action", "failed");
        failed.put(targetKey, target);
        failed.put("code", e.code());
        if (e.kind() == PollException.Kind.TRANSIENT) {
            transientFailure = e;
        } else {
            refused.add(target + " (" + e.code() + ")");
        }
        return failed;
    }

    /**
     * Fails the run when a target failed: {@code webhooks_incomplete} after {@code incomplete} (e.g. "some hooks
     * could not be created yet") for a transient failure, else {@code webhooks_refused} after {@code refusedOn}
     * (e.g. "GitHub refused hooks on") and the refused targets.
     */
    public void throwIfAny(String incomplete, String refusedOn) throws PollException {
        if (transientFailure != null) {
            throw PollException.transientFailure("webhooks_incomplete", incomplete + ": "
                    + transientFailure.getMessage(), transientFailure);
        }
        if (!refused.isEmpty()) {
            throw PollException.permanent("webhooks_refused", refusedOn + " " + String.join(", ", refused));
        }
    }
}
