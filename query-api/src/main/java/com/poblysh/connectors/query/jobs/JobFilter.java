package com.poblysh.connectors.query.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.query.pagination.CursorScope;
import com.poblysh.connectors.query.web.FieldErrors;

/** The validated filters of {@code GET /jobs}; null means "not filtered". */
record JobFilter(JobStatus status, Provider provider, UUID connectionId, JobType jobType) {

    static JobFilter parse(String status, String provider, String connectionId, String jobType, FieldErrors errors) {
        return new JobFilter(errors.oneOf("status", status, JobStatus::fromWireName),
                errors.oneOf("provider", provider, Provider::fromId),
                errors.uuid("connection_id", connectionId),
                errors.oneOf("job_type", jobType, JobType::fromWireName));
    }

    /** What a cursor is bound to. */
    CursorScope scope() {
        Map<String, Object> filters = new HashMap<>();
        filters.put("status", status == null ? null : status.wireName());
        filters.put("provider", provider == null ? null : provider.id());
        filters.put("connection_id", connectionId);
        filters.put("job_type", jobType == null ? null : jobType.wireName());
        return CursorScope.of("jobs", filters);
    }
}
