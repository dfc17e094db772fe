package com.poblysh.connectors.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.sql.Connection;

import org.junit.jupiter.api.Test;

class DatabaseBootstrapTests {

    @Test
    void createsTheDatabaseWhenTheServerAnswersWithoutIt() throws Exception {
        String name = "poblysh_bootstrap_" + System.nanoTime();
        DatabaseBootstrap.Target target = DatabaseBootstrap.resolve("jdbc:postgresql://127.0.0.1:5432/" + name,
                "postgres", "");
        try (Connection c = DatabaseBootstrap.connect(target.url(), "postgres", "")) {
            assertThat(c.getCatalog()).isEqualTo(name);
        } finally {
            DatabaseBootstrap.drop(target, name);
        }
        assertThat(target.embedded()).isFalse();
    }

    @Test
    void tellsRootExactlyWhatToRunWhenNoServerAnswers() throws Exception {
        assumeTrue(DatabaseBootstrap.isRoot(), "only root gets the instructions instead of an embedded server");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> DatabaseBootstrap.resolve("jdbc:postgresql://127.0.0.1:" + closedPort + "/x", "postgres", ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No PostgreSQL answers at 127.0.0.1:" + closedPort)
                .hasMessageContaining("pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
    }

    @Test
    void refusesUrlsThatAreNotPostgres() {
        assertThatThrownBy(() -> DatabaseBootstrap.resolve("jdbc:mysql://127.0.0.1/x", "root", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POBLYSH_DB_URL");
    }
}
