package com.poblysh.connectors.query.health;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.poblysh.connectors.query.QueryApiApplication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Public probes: {@code /healthz} (the process answers) and {@code /readyz} (it can serve: database reachable,
 * migrations applied). Readiness answers 503 with every check's state when one is down, so a load balancer
 * stops routing here while the reason stays visible.
 */
@RestController
@Tag(name = "health", description = "Probes for load balancers and orchestrators (public)")
class HealthController {

    record Liveness(@Schema(requiredMode = REQUIRED) String status, @Schema(requiredMode = REQUIRED) String service,
            @Schema(requiredMode = REQUIRED) String version) {
    }

    record Readiness(@Schema(requiredMode = REQUIRED) String status,
            @Schema(requiredMode = REQUIRED) Map<String, String> checks) {
    }

    private final List<ReadinessCheck> checks;
    private final String version;

    HealthController(List<ReadinessCheck> checks, ObjectProvider<BuildProperties> build) {
        this.checks = checks;
        BuildProperties properties = build.getIfAvailable();
        String fromJar = HealthController.class.getPackage().getImplementationVersion();
        this.version = properties != null ? properties.getVersion() : fromJar != null ? fromJar : "unknown";
    }

    @GetMapping(path = "/healthz", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "health", summary = "Liveness: the process answers")
    Liveness health() {
        return new Liveness("ok", QueryApiApplication.NAME, version);
    }

    @GetMapping(path = "/readyz", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "ready", summary = "Readiness: database reachable and migrations applied")
    @ApiResponse(responseCode = "200", description = "Ready; every check up")
    @ApiResponse(responseCode = "503", description = "Not ready; checks names the failing one")
    ResponseEntity<Readiness> ready() {
        Map<String, String> states = new LinkedHashMap<>();
        boolean ready = true;
        for (ReadinessCheck check : checks) {
            boolean up = check.isUp();
            states.put(check.name(), up ? "up" : "down");
            ready &= up;
        }
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .cacheControl(CacheControl.noStore())
                .body(new Readiness(ready ? "ready" : "not_ready", states));
    }
}
