package com.poblysh.connectors.query.connections;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.query.audit.AuditLog;
import com.poblysh.connectors.query.oauth.OAuthClients;
import com.poblysh.connectors.query.oauth.RevokeOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code DELETE /connections/{id}}: revokes the grant at the provider where it offers revocation, then, in one
 * transaction, marks the connection {@code revoked}, erases its tokens and webhook secret, fails its queued jobs
 * and writes the audit row. The provider call happens first and outside the transaction (no row lock held over
 * the network); its failure never blocks the disconnect but is recorded in the audit row. The operator console
 * revokes through the same path.
 */
@Service
public class ConnectionRevocation {

    private static final Logger log = LoggerFactory.getLogger(ConnectionRevocation.class);

    private final ConnectionRepository connections;
    private final OAuthClients oauth;
    private final SecretCipher cipher;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    ConnectionRevocation(ConnectionRepository connections, OAuthClients oauth, SecretCipher cipher, AuditLog audit,
            TransactionTemplate transaction) {
        this.connections = connections;
        this.oauth = oauth;
        this.cipher = cipher;
        this.audit = audit;
        this.transaction = transaction;
    }

    /**
     * Revokes the tenant's connection {@code id}; 404 when it is absent or another tenant's.
     *
     * @param actor who asks, for the audit row: an operator token id or {@code operator:<console username>}
     */
    public ConnectionView revoke(TenantId tenant, UUID id, String actor) {
        ConnectionRepository.Sealed sealed = connections.findSealed(tenant, id)
                .orElseThrow(() -> ApiException.notFound("connection"));
        RevokeOutcome outcome = revokeAtProvider(sealed);
        return transaction.execute(tx -> {
            ConnectionView revoked = connections.markRevoked(tenant, id)
                    .orElseThrow(() -> ApiException.notFound("connection"));
            int cancelled = connections.cancelQueuedJobs(tenant, id);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("provider", sealed.view().provider().id());
            details.put("previous_status", sealed.view().status());
            details.putAll(outcome.auditDetails());
            details.put("cancelled_jobs", cancelled);
            audit.record(tenant, actor, "connection.revoked", "connection", id.toString(), details);
            return revoked;
        });
    }

    private RevokeOutcome revokeAtProvider(ConnectionRepository.Sealed sealed) {
        if (sealed.accessToken() == null) {
            return RevokeOutcome.NO_TOKEN; // already revoked, or never held a token
        }
        UUID id = sealed.view().id();
        String token;
        try {
            token = cipher.decrypt(sealed.accessToken(), SecretBinding.accessToken(id));
        } catch (IllegalArgumentException e) {
            log.warn("Access token of connection {} does not decrypt (key rotated?); revoking locally only", id);
            return RevokeOutcome.failed(null, "token_unreadable");
        }
        return oauth.revoke(sealed.view().provider(), token);
    }
}
