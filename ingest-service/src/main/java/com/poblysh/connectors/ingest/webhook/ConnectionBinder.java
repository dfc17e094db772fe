package com.poblysh.connectors.ingest.webhook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.ingest.connections.WebhookConnection;

/**
 * Decides which of the tenant's connections a delivery belongs to. A delivery is bound to an active connection when
 * <ol>
 * <li>its credential admits that connection: the connection's own secret verified it, or the provider's app
 * credential (or, opted in, its fallback secret) did, which admits every connection of the tenant;</li>
 * <li>it names at least one identity the connection is bound to (a repository, team, site, subscription, ...);</li>
 * <li>the connection is bound to every identity the delivery or its credential requires (Slack's
 * {@code api_app_id}, a Jira JWT's {@code iss}).</li>
 * </ol>
 * Connections whose own secret verified are tried first, then the others oldest first; the first that qualifies
 * wins. A delivery bound to none is refused: a signature alone never decides the tenant.
 */
public final class ConnectionBinder {

    private final RequestConnections connections;

    ConnectionBinder(RequestConnections connections) {
        this.connections = connections;
    }

    /** Binder over fixed connections (provider unit tests). */
    public static ConnectionBinder of(List<WebhookConnection> connections) {
        return new ConnectionBinder(RequestConnections.of(connections));
    }

    /**
     * The connection an authenticated delivery belongs to; empty when none qualifies.
     *
     * @param verification how the delivery was authenticated (not an operator)
     * @param named        the identities the delivery names; at least one must be bound
     * @param required     identities the delivery requires (besides the credential's); all must be bound
     * @throws com.poblysh.connectors.common.web.ApiException 503 when the connections cannot be read
     */
    public Optional<UUID> bind(Verification verification, Collection<ExternalIdentity> named,
            Collection<ExternalIdentity> required) {
        if (verification.isRejected() || verification.isOperator() || verification.isPerItem()) {
            throw new IllegalArgumentException("only an authenticated delivery is bound: " + verification);
        }
        Set<ExternalIdentity> all = new LinkedHashSet<>(required);
        all.addAll(verification.requiredIdentities());
        for (WebhookConnection connection : admitted(verification)) {
            if (qualifies(connection, named, all)) {
                return Optional.of(connection.id());
            }
        }
        return Optional.empty();
    }

    /**
     * The connection an operator's delivery is attributed to: the one the operator named, else the oldest bound to
     * one of the named identities (and every required one), else none (an operator's replay may be unattributed).
     */
    public Optional<UUID> attribute(Verification operator, Collection<ExternalIdentity> named,
            Collection<ExternalIdentity> required) {
        if (!operator.isOperator()) {
            throw new IllegalArgumentException("only an operator's delivery is attributed: " + operator);
        }
        if (operator.operatorConnection() != null) {
            return Optional.of(operator.operatorConnection());
        }
        return connections.required().stream().filter(c -> qualifies(c, named, required))
                .map(WebhookConnection::id).findFirst();
    }

    /** Whether one of the tenant's active connections is bound to {@code identity} (an unknown subscription is 404). */
    public boolean knows(ExternalIdentity identity) {
        return connections.required().stream().anyMatch(c -> c.binds(identity));
    }

    private List<WebhookConnection> admitted(Verification verification) {
        List<WebhookConnection> all = connections.required();
        Set<UUID> own = new LinkedHashSet<>();
        boolean any = false;
        for (WebhookSecret credential : verification.credentials()) {
            if (credential.source() == WebhookSecret.Source.CONNECTION) {
                own.add(credential.connectionId());
            } else {
                any = true; // app credential or opted-in fallback: any connection of the tenant may claim it
            }
        }
        List<WebhookConnection> ordered = new ArrayList<>(all.size());
        for (WebhookConnection connection : all) {
            if (own.contains(connection.id())) {
                ordered.add(connection);
            }
        }
        if (any) {
            for (WebhookConnection connection : all) {
                if (!own.contains(connection.id())) {
                    ordered.add(connection);
                }
            }
        }
        return ordered;
    }

    static boolean qualifies(WebhookConnection connection, Collection<ExternalIdentity> named,
            Collection<ExternalIdentity> required) {
        return named.stream().anyMatch(connection::binds) && required.stream().allMatch(connection::binds);
    }
}
