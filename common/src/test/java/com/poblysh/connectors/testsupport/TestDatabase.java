package com.poblysh.connectors.testsupport;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import com.poblysh.connectors.common.db.DatabaseBootstrap;

/**
 * One throw-away database per test JVM, {@code poblysh_test_<random>}, on the server of {@code POBLYSH_DB_URL}
 * (default 127.0.0.1:5432), dropped when the JVM exits.
 */
public final class TestDatabase {

    private static DatabaseBootstrap.Target target;
    private static String name;

    private TestDatabase() {
    }

    /** The database, created on first use. */
    public static synchronized DatabaseBootstrap.Target get() {
        if (target == null) {
            byte[] suffix = new byte[4];
            ThreadLocalRandom.current().nextBytes(suffix);
            name = "poblysh_test_" + HexFormat.of().formatHex(suffix);
            String server = System.getenv().getOrDefault("POBLYSH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/poblysh");
            String url = server.replaceFirst("/[A-Za-z0-9_]+(\\?.*)?$", "/" + name);
            target = DatabaseBootstrap.resolve(url, System.getenv().getOrDefault("POBLYSH_DB_USER", "postgres"),
                    System.getenv().getOrDefault("POBLYSH_DB_PASSWORD", ""));
            DatabaseBootstrap.Target created = target;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                DatabaseBootstrap.drop(created, name);
                try {
                    created.close();
                } catch (Exception ignored) {
                    // the JVM is exiting
                }
            }, "drop-test-database"));
        }
        return target;
    }
}
