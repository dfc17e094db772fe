package com.poblysh.connectors.query.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * A run as its page prints it: status, timings, counts and error. Counts are the numbers in {@code progress}
 * (checks passed and failed, pages and items of a sync run); the health check's individual checks are listed.
 */
record RunView(UUID id, String tenant, String kind, String status, String target, String startedBy,
        String created, String createdIso, String started, String finished, String duration,
        List<Count> counts, List<HealthChecks.Check> checks, String errorCode, String errorMessage) {

    /** One number of {@code progress}, e.g. {@code items = 42}. */
    record Count(String name, String value) {
    }

    static RunView of(ConsoleRuns.Run run) {
        List<Count> counts = new ArrayList<>();
        List<HealthChecks.Check> checks = new ArrayList<>();
        JsonNode progress = run.progress();
        if (progress != null) {
            progress.properties().forEach(entry -> {
                if (entry.getValue().isNumber() || entry.getValue().isBoolean()) {
                    counts.add(new Count(entry.getKey(), entry.getValue().asString()));
                }
            });
            if (progress.has("checks")) {
                progress.get("checks").forEach(c -> checks.add(new HealthChecks.Check(c.path("name").asString(),
                        c.path("passed").asBoolean(), c.path("detail").asString())));
            }
        }
        return new RunView(run.id(), run.tenant() == null ? "" : run.tenant().toString(), run.kind(), run.status(),
                run.targetId(), run.startedBy(), ConsoleViews.time(run.createdAt(), ""),
                ConsoleViews.iso(run.createdAt()), ConsoleViews.time(run.startedAt(), "not started"),
                ConsoleViews.time(run.finishedAt(), "not finished"), elapsed(run.startedAt(), run.finishedAt()),
                counts, checks, text(run.error(), "code"), text(run.error(), "message"));
    }

    /**
     * A "Sync now" run as its page shows it: the request is carried out by the job it queued, so the run's status
     * and timings are the job's (the stored row keeps the request's own, {@code queued} at its creation).
     */
    RunView following(JobLine job) {
        return new RunView(id, tenant, kind, job.status(), target, startedBy, created, createdIso, job.started(),
                job.finished(), job.duration(), counts, checks, job.errorCode(), job.errorMessage());
    }

    /** The sync job a "Sync now" run queued. */
    record JobLine(UUID id, String jobType, String status, int attempts, long items, String scheduled,
            String started, String finished, String duration, String errorCode, String errorMessage) {

        static JobLine of(ConsoleRuns.Job job) {
            return new JobLine(job.id(), job.jobType(), job.status(), job.attempts(), job.items(),
                    ConsoleViews.time(job.scheduledAt(), ""), ConsoleViews.time(job.startedAt(), "not started"),
                    ConsoleViews.time(job.finishedAt(), "not finished"), elapsed(job.startedAt(), job.finishedAt()),
                    text(job.error(), "code"), text(job.error(), "message"));
        }
    }

    private static String elapsed(Instant started, Instant finished) {
        if (started == null || finished == null) {
            return "—";
        }
        Duration d = Duration.between(started, finished);
        return d.toMillis() < 10_000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? null : node.get(field).asString();
    }
}
