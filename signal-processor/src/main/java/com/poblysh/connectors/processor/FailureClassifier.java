package com.poblysh.connectors.processor;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import com.poblysh.connectors.processor.normalize.InvalidPayloadException;
import com.poblysh.connectors.schemas.SchemaRegistryException;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one place that decides what a processing failure means, by walking the whole cause chain (wrappers such as
 * {@code ListenerExecutionFailedException} hide the real error):
 * <ul>
 * <li>{@link Failure#TRANSIENT}: the database, registry or broker is unavailable. Retried without end: an outage
 * must never push good events to the dead-letter topic. Every database error counts, except the two classes that
 * describe the row itself (data exception 22, integrity violation 23): a read-only standby after a failover
 * (25006), a lock timeout (55P03), a missing grant (42501) or table (42P01) is the database's state, which an
 * operator fixes, never the event's. Wins over everything else in the chain, since a deserializer wraps
 * "registry unreachable" in a {@code SerializationException}.</li>
 * <li>{@link Failure#FATAL}: the record itself is bad (not the wire format, unknown schema, bad Avro, invalid JSON,
 * missing fields, data the database refuses). Dead-lettered at once: the same bytes fail the same way.</li>
 * <li>{@link Failure#UNEXPECTED}: anything else, likely a bug. A few retries, then dead-lettered.</li>
 * </ul>
 */
@Component
class FailureClassifier {

    enum Failure { TRANSIENT, FATAL, UNEXPECTED }

    Failure classify(Throwable error) {
        List<Throwable> chain = chain(error);
        if (chain.stream().anyMatch(FailureClassifier::isTransient)) {
            return Failure.TRANSIENT;
        }
        if (chain.stream().anyMatch(FailureClassifier::isFatal)) {
            return Failure.FATAL;
        }
        return Failure.UNEXPECTED;
    }

    /** The error that matters: the first in the chain that is not a listener wrapper. */
    Throwable culprit(Throwable error) {
        return chain(error).stream().filter(t -> !isWrapper(t)).findFirst().orElse(error);
    }

    /** A one-line reason for logs and dead-letter headers, e.g. {@code SerializationException: Unknown magic byte}. */
    String reason(Throwable error) {
        Throwable culprit = culprit(error);
        if (culprit instanceof NonRetryableEventException || culprit instanceof InvalidPayloadException) {
            return oneLine(describe(culprit)); // our own messages say it all
        }
        List<Throwable> chain = chain(culprit);
        Throwable root = chain.get(chain.size() - 1);
        if (root == culprit) {
            return oneLine(describe(culprit));
        }
        // Spring's data access messages repeat the whole SQL statement; the driver's error is what matters.
        String head = culprit instanceof DataAccessException ? culprit.getClass().getSimpleName() : describe(culprit);
        return oneLine(head + " (caused by " + describe(root) + ")");
    }

    private static boolean isTransient(Throwable t) {
        return t instanceof TransientDataAccessException
                || t instanceof DataAccessResourceFailureException // includes CannotGetJdbcConnectionException
                || t instanceof RecoverableDataAccessException
                || t instanceof CannotCreateTransactionException // no connection for the transaction
                || t instanceof SQLTransientException
                || t instanceof SQLRecoverableException
                || t instanceof SQLException sql && !isDataSqlState(sql.getSQLState())
                || t instanceof SchemaRegistryException registry && isTransientStatus(registry.status())
                || t instanceof RetriableException;
    }

    private static boolean isFatal(Throwable t) {
        return t instanceof NonRetryableEventException
                || t instanceof InvalidPayloadException
                || t instanceof SerializationException
                || t instanceof DeserializationException
                || t instanceof AvroRuntimeException
                || t instanceof DataIntegrityViolationException
                || t instanceof SQLException sql && isDataSqlState(sql.getSQLState());
    }

    /** Data exception (22, e.g. a NUL character) or integrity violation (23): the row itself is refused. */
    private static boolean isDataSqlState(String state) {
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** Registry unreachable (-1), timeout, rate limit or server error; 4xx such as unknown schema id are final. */
    private static boolean isTransientStatus(int status) {
        return status == -1 || status == 408 || status == 429 || status >= 500;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof ListenerExecutionFailedException || t instanceof BatchListenerFailedException;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** The error and its causes (and JDBC's chained next exceptions), each once. */
    private static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = error;
        while (current != null && seen.add(current)) {
            chain.add(current);
            if (current instanceof SQLException sql && sql.getNextException() != null
                    && seen.add(sql.getNextException())) {
                chain.add(sql.getNextException());
            }
            current = current.getCause();
        }
        return chain;
    }
}
