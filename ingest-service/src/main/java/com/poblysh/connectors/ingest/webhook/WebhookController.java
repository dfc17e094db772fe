package com.poblysh.connectors.ingest.webhook;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tenancy.Uuids;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.TenantRequests;
import com.poblysh.connectors.ingest.IngestProperties;
import com.poblysh.connectors.ingest.connections.WebhookConnections;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The entries of provider webhooks.
 * <ul>
 * <li>{@code POST /webhooks/{provider}/{tenant_id}}: public, gated by the provider's scheme (or an operator token);
 * every delivery must be bound to one of that tenant's connections.</li>
 * <li>{@code POST /webhooks/{provider}}: with an operator token, {@code X-Tenant-Id} and optionally
 * {@code X-Connection-Id} (a connection of that tenant and provider, else 404), the operator's entry; without
 * one, the app-wide URL of a provider whose app posts every account's events to one URL (Slack).</li>
 * </ul>
 * Checks run cheapest and least trusting first (provider, tenant, credential-free handshakes, size, credentials on
 * the raw bytes, media type, JSON, the provider's reading, binding), and 202 is answered only after Kafka
 * acknowledged every raw event of the request ({@link WebhookIntake}).
 */
@RestController
class WebhookController {

    /** Names the connection an operator's delivery belongs to. */
    static final String CONNECTION_HEADER = "X-Connection-Id";

    private final WebhookProviders providers;
    private final TenantRequests tenants;
    private final WebhookConnections connections;
    private final WebhookIntake intake;
    private final WebhookMetrics metrics;
    private final int maxBodyBytes;

    WebhookController(WebhookProviders providers, TenantRequests tenants, WebhookConnections connections,
            WebhookIntake intake, WebhookMetrics metrics, IngestProperties properties) {
        this.providers = providers;
        this.tenants = tenants;
        this.connections = connections;
        this.intake = intake;
        this.metrics = metrics;
        this.maxBodyBytes = (int) properties.maxBodyBytes().toBytes();
    }

    @PostMapping("/webhooks/{provider}/{tenant_id}")
    ResponseEntity<?> receive(@PathVariable("provider") String providerId,
            @PathVariable("tenant_id") String tenantId, @RequestHeader HttpHeaders headers,
            HttpServletRequest request) throws IOException {
        Provider counted = null;
        try {
            WebhookProvider provider = provider(providerId);
            counted = provider.provider();
            TenantId tenant = tenant(tenantId);
            // An operator token stands in for the provider's credentials (manual replays, tests against a stage).
            Verification operator = tenants.operator(request).isPresent()
                    ? Verification.operator(connectionHeader(request, tenant, provider.provider())) : null;
            Optional<ResponseEntity<?>> handshake = preflight(provider, headers, request);
            if (handshake.isPresent()) {
                return handshake.get();
            }
            return intake.tenantRequest(provider, tenant, operator, raw(headers, request));
        } catch (ApiException e) {
            metrics.rejected(counted, e.code());
            throw e;
        }
    }

    @PostMapping("/webhooks/{provider}")
    ResponseEntity<?> receiveWithoutTenant(@PathVariable("provider") String providerId,
            @RequestHeader HttpHeaders headers, HttpServletRequest request) throws IOException {
        Provider counted = null;
        try {
            WebhookProvider provider = provider(providerId);
            counted = provider.provider();
            boolean operator = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
            if (!operator && !provider.hasAppUrl()) {
                throw ApiException.unauthorized("a valid operator bearer token is required");
            }
            TenantId tenant = operator ? tenants.requireTenant(request) : null;
            Verification verification = operator
                    ? Verification.operator(connectionHeader(request, tenant, provider.provider())) : null;
            Optional<ResponseEntity<?>> handshake = preflight(provider, headers, request);
            if (handshake.isPresent()) {
                return handshake.get();
            }
            RawWebhook raw = raw(headers, request);
            return operator ? intake.tenantRequest(provider, tenant, verification, raw)
                    : intake.appRequest(provider, raw);
        } catch (ApiException e) {
            metrics.rejected(counted, e.code());
            throw e;
        }
    }

    private WebhookProvider provider(String id) {
        return providers.find(id).orElseThrow(() -> ApiException.notFound("webhook provider"));
    }

    private Optional<ResponseEntity<?>> preflight(WebhookProvider provider, HttpHeaders headers,
            HttpServletRequest request) {
        return provider.preflight(headers, query(request)).map(answer -> {
            metrics.handshake(provider.provider());
            return reply(answer);
        });
    }

    private RawWebhook raw(HttpHeaders headers, HttpServletRequest request) throws IOException {
        byte[] body = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
        return new RawWebhook(request.getMethod(), request.getRequestURI(), request.getQueryString(), headers, body);
    }

    /** The operator's {@code X-Connection-Id}: null when absent, 400 when not a UUID, 404 when not the tenant's. */
    private UUID connectionHeader(HttpServletRequest request, TenantId tenant, Provider provider) {
        String header = request.getHeader(CONNECTION_HEADER);
        if (header == null || header.isBlank()) {
            return null;
        }
        if (!Uuids.isCanonical(header.trim())) {
            throw ApiException.validation(CONNECTION_HEADER, CONNECTION_HEADER + " must be a UUID");
        }
        UUID id = UUID.fromString(header.trim());
        boolean exists;
        try {
            exists = connections.exists(tenant, provider, id);
        } catch (DataAccessException e) {
            throw RequestConnections.unavailable();
        }
        if (!exists) {
            throw ApiException.notFound("connection"); // another tenant's connection answers as a missing one
        }
        return id;
    }

    private static TenantId tenant(String text) {
        if (!Uuids.isCanonical(text)) {
            throw ApiException.validation("tenant_id", "tenant_id must be a UUID");
        }
        return TenantId.parse(text);
    }

    /** The query string's parameters only: reading servlet parameters could consume a form-encoded body. */
    private static MultiValueMap<String, String> query(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null || query.isEmpty()) {
            return new LinkedMultiValueMap<>();
        }
        try {
            return UriComponentsBuilder.newInstance().query(query).build(false).getQueryParams().entrySet()
                    .stream().collect(LinkedMultiValueMap::new,
                            (map, e) -> e.getValue().forEach(v -> map.add(decode(e.getKey()), decode(v))),
                            LinkedMultiValueMap::addAll);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("query", "query string is malformed");
        }
    }

    private static String decode(String value) {
        return value == null ? "" : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    static ResponseEntity<?> reply(WebhookReply reply) {
        return ResponseEntity.status(reply.status()).contentType(reply.contentType())
                .header("X-Content-Type-Options", "nosniff").body(reply.body());
    }
}
