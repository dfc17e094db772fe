package com.poblysh.connectors.query.providers;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Duration;
import java.util.List;

import com.poblysh.connectors.common.provider.ProviderCatalogue;
import com.poblysh.connectors.common.provider.ProviderDescriptor;
import com.poblysh.connectors.common.provider.SignalKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /providers}: the public provider catalogue, sorted by name. It changes only with a deployment, so
 * clients and proxies may cache it briefly.
 */
@RestController
@Tag(name = "providers", description = "The providers a tenant can connect")
class ProvidersController {

    /** One provider as listed; signal kinds by their wire names. */
    @Schema(name = "Provider")
    record ProviderView(@Schema(requiredMode = REQUIRED) String name,
            @Schema(requiredMode = REQUIRED) String authType,
            @Schema(requiredMode = REQUIRED) List<String> scopes,
            @Schema(requiredMode = REQUIRED) boolean webhooks,
            @Schema(requiredMode = REQUIRED) boolean polling,
            @Schema(requiredMode = REQUIRED) List<String> signalKinds) {

        static ProviderView of(ProviderDescriptor descriptor) {
            return new ProviderView(descriptor.name(), descriptor.authType(), descriptor.scopes(),
                    descriptor.webhooks(), descriptor.polling(),
                    descriptor.signalKinds().stream().map(SignalKind::wireName).toList());
        }
    }

    /** Body of {@code GET /providers}. */
    record ProviderList(@Schema(requiredMode = REQUIRED) List<ProviderView> providers) {
    }

    private static final ProviderList CATALOGUE =
            new ProviderList(ProviderCatalogue.all().stream().map(ProviderView::of).toList());

    @GetMapping(path = "/providers", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listProviders",
            summary = "List the supported providers and their capabilities (public)")
    ResponseEntity<ProviderList> list() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(CATALOGUE);
    }
}
