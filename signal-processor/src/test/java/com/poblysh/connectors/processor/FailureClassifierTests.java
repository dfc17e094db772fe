package com.poblysh.connectors.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import com.poblysh.connectors.processor.FailureClassifier.Failure;
import com.poblysh.connectors.processor.normalize.InvalidPayloadException;
import com.poblysh.connectors.schemas.SchemaRegistryException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

class FailureClassifierTests {

    private final FailureClassifier classifier = new FailureClassifier();

    @Test
    void recordsThatCannotBeDecodedAreFatalEvenBehindTheListenerWrappers() {
        Exception error = wrapped(new SerializationException("Unknown magic byte 110; expected 0"));

        assertThat(classifier.classify(error)).isEqualTo(Failure.FATAL);
        assertThat(classifier.reason(error)).isEqualTo("SerializationException: Unknown magic byte 110; expected 0");
        assertThat(classifier.culprit(error)).isInstanceOf(SerializationException.class);
    }

    @Test
    void invalidPayloadsAndUnknownSchemaIdsAreFatal() {
        assertThat(classifier.classify(wrapped(new InvalidPayloadException("payload lacks object /issue"))))
                .isEqualTo(Failure.FATAL);
        assertThat(classifier.classify(wrapped(new NonRetryableEventException("payload is not valid JSON"))))
                .isEqualTo(Failure.FATAL);
        assertThat(classifier.classify(wrapped(new SerializationException("Unknown writer schema id 99",
                new SchemaRegistryException(404, 40403, "Schema not found"))))).isEqualTo(Failure.FATAL);
        assertThat(classifier.classify(new SerializationException("Cannot decode Avro record",
                new EOFException()))).isEqualTo(Failure.FATAL);
    }

    @Test
    void rowsThePostgresRefusesAreFatal() {
        BatchUpdateException refused = new BatchUpdateException("unsupported Unicode escape sequence", "22P05", 0,
                new int[0], null);

        assertThat(classifier.classify(new DataIntegrityViolationException("insert", refused)))
                .isEqualTo(Failure.FATAL);
        assertThat(classifier.classify(new RuntimeException(new SQLException("null value", "23502"))))
                .isEqualTo(Failure.FATAL);
    }

    @Test
    void databaseOutagesAreTransientWhereverTheyHide() {
        assertThat(classifier.classify(wrapped(new CannotGetJdbcConnectionException("no connection"))))
                .isEqualTo(Failure.TRANSIENT);
        assertThat(classifier.classify(wrapped(new QueryTimeoutException("slow")))).isEqualTo(Failure.TRANSIENT);
        assertThat(classifier.classify(wrapped(new CannotCreateTransactionException("Could not open JDBC Connection",
                new SQLTransientConnectionException("pool timed out"))))).isEqualTo(Failure.TRANSIENT);
        assertThat(classifier.classify(new RuntimeException(new SQLException("terminating connection", "57P01"))))
                .isEqualTo(Failure.TRANSIENT);
        assertThat(classifier.classify(new RuntimeException(new SQLException("connection refused", "08001"))))
                .isEqualTo(Failure.TRANSIENT);
    }

    @Test
    void registryOutageIsTransientEvenWhenTheDeserializerCallsItASerializationError() {
        Exception error = wrapped(new SerializationException("Unknown writer schema id 7",
                new SchemaRegistryException("Schema registry is unreachable", new ConnectException("refused"))));

        assertThat(classifier.classify(error)).isEqualTo(Failure.TRANSIENT);
        assertThat(classifier.classify(new SerializationException("x", new SchemaRegistryException(503, 50301, "busy"))))
                .isEqualTo(Failure.TRANSIENT);
    }

    /** Read-only after a failover, lock timeout, missing grant, missing table, a trigger, an internal error. */
    @ParameterizedTest
    @ValueSource(strings = {"25006", "55P03", "42501", "42P01", "P0001", "XX000"})
    void everyDatabaseErrorButARefusedRowIsAnOutage(String sqlState) {
        SQLException driver = new SQLException("refused", sqlState);

        assertThat(classifier.classify(wrapped(new UncategorizedSQLException("insert", "INSERT ...", driver))))
                .isEqualTo(Failure.TRANSIENT);
        assertThat(classifier.classify(wrapped(new BadSqlGrammarException("insert", "INSERT ...", driver))))
                .isEqualTo(Failure.TRANSIENT);
        assertThat(classifier.classify(wrapped(new BatchUpdateException("batch", sqlState, new int[0], driver))))
                .isEqualTo(Failure.TRANSIENT);
    }

    @Test
    void anythingElseIsUnexpected() {
        assertThat(classifier.classify(wrapped(new IllegalStateException("bug")))).isEqualTo(Failure.UNEXPECTED);
        assertThat(classifier.classify(new NullPointerException())).isEqualTo(Failure.UNEXPECTED);
    }

    @Test
    void reasonOfADatabaseRefusalIsTheDriversErrorNotTheStatement() {
        Exception error = wrapped(new DataIntegrityViolationException("PreparedStatementCallback; SQL [INSERT ...]",
                new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")));

        assertThat(classifier.reason(error)).isEqualTo("DataIntegrityViolationException "
                + "(caused by SQLException: invalid byte sequence for encoding \"UTF8\": 0x00)");
    }

    private static Exception wrapped(Throwable cause) {
        return new ListenerExecutionFailedException("Listener failed",
                new BatchListenerFailedException("record 0 failed", cause, 0));
    }

    @Test
    void reasonIsOneLine() {
        Exception error = wrapped(new SerializationException("first line\n  Where: second line"));

        assertThat(classifier.reason(error)).isEqualTo("SerializationException: first line Where: second line");
    }
}
