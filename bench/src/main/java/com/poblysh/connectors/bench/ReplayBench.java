package com.poblysh.connectors.bench;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.poblysh.connectors.admin.ConnectorsAdmin;
import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.bench.github.GithubEvents;

/**
 * How long a replay of N raw events takes on this machine, as an operator runs it: the bench stack's processor
 * stores N GitHub events (skewed over 200 tenants), then {@code connectors-admin replay} (its own Spring context,
 * its own consumer group) replays the whole topic from the first of them in the given mode, drawing its progress
 * bar on standard output; the signal count must be the same afterwards.
 *
 * <pre>
 * ./mvnw -B -o -q -DskipTests package -pl bench -am
 * java -cp bench/target/bench.jar -Dloader.main=com.poblysh.connectors.bench.ReplayBench \
 *     org.springframework.boot.loader.launch.PropertiesLauncher 100000 rebuild
 * </pre>
 *
 * Arguments: events (default 100000), mode ({@code rebuild} or {@code insert-missing}, default rebuild; or
 * {@code restore}: the signals are deleted first and an {@code insert-missing} replay brings every one back, as after
 * losing the database), then any further {@code replay} option (e.g. {@code --rate 2000}).
 */
public final class ReplayBench {

    private static final int SCENARIO = 7;
    private static final int TENANTS = 200;

    private ReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        String mode = args.length > 1 ? args[1] : "rebuild";
        List<String> extra = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
        System.setProperty("bench.log.file", System.getProperty("java.io.tmpdir") + "/poblysh-replay-bench.log");
        int code;
        try {
            code = run(n, mode, extra, System.getenv());
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    static int run(int n, String mode, List<String> extra, Map<String, String> env) throws Exception {
        Progress.say("starting Kafka, the schema registry and the three services");
        try (BenchStack stack = BenchStack.start(env, 12)) {
            Instant from = Instant.now();
            Progress.say(String.format(Locale.ROOT, "producing %,d raw events over %d tenants", n, TENANTS));
            produce(stack, n);
            long drainStart = System.nanoTime();
            stack.startProcessor();
            long stored = awaitSignals(stack, n);
            Progress.say(String.format(Locale.ROOT, "the live processor stored %,d signals in %.1f s", stored,
                    (System.nanoTime() - drainStart) / 1e9));

            DatabaseBootstrap.Target db = stack.database();
            if (mode.equals("restore")) {
                stack.processorListener().stop();
                try (Connection c = stack.connect(); Statement s = c.createStatement()) {
                    s.execute("TRUNCATE signals, signal_keys");
                }
                Progress.say(String.format(Locale.ROOT, "deleted every signal (%,d left)", count(stack)));
            }
            List<String> command = new ArrayList<>(List.of("replay", "--from", from.toString(), "--mode",
                    mode.equals("restore") ? "insert-missing" : mode, "--by", "replay-bench"));
            command.addAll(extra);
            Progress.say("connectors-admin " + String.join(" ", command));
            long replayStart = System.nanoTime();
            Map<String, Object> target = Map.of(
                    "spring.datasource.url", db.url(), "spring.datasource.username", db.user(),
                    "spring.datasource.password", db.password() == null ? "" : db.password(),
                    "spring.kafka.bootstrap-servers", stack.bootstrapServers(),
                    "poblysh.kafka.schema-registry-url", stack.registryUrl(),
                    "poblysh.kafka.allow-low-durability", "true");
            // The stack runs its services with the local profile (its development key among them); so does the tool.
            int status = ConnectorsAdmin.execute(() -> ConnectorsAdmin.processorApplication(target).profiles("local").run(),
                    new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                    command.toArray(String[]::new));
            double seconds = (System.nanoTime() - replayStart) / 1e9;
            long after = count(stack);
            Progress.say(String.format(Locale.ROOT, "replay of %,d events (%s): exit %d, %.1f s including the tool's "
                    + "start, %,.0f events/s; signals before %,d, after %,d (%s)", n, mode, status, seconds,
                    n / seconds, stored, after, after == stored ? "unchanged" : "CHANGED"));
            return status == 0 && after == stored ? 0 : 1;
        }
    }

    private static void produce(BenchStack stack, int n) throws Exception {
        int[] tenantOf = Tenants.assignment(n, TENANTS, SCENARIO);
        GithubEvents generator = new GithubEvents(SCENARIO);
        Instant base = Instant.now();
        stack.produceRawEvents("bench-replay", 0, n, i -> WebhookRequests.rawEvent(Tenants.id(SCENARIO, tenantOf[i]),
                generator.event(i, base.minusMillis(Duration.ofDays(20).toMillis() * i / n))));
    }

    private static long awaitSignals(BenchStack stack, long n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long count;
        while ((count = count(stack)) < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + count + " of " + n + " signals after 30 minutes");
            }
            Thread.sleep(500);
        }
        return count;
    }

    private static long count(BenchStack stack) throws SQLException {
        try (Connection c = stack.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM signals")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
