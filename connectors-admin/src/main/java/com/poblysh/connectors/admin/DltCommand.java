package com.poblysh.connectors.admin;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.processor.operations.DeadLetter;
import com.poblysh.connectors.processor.operations.Operations;
import com.poblysh.connectors.processor.operations.Position;
import com.poblysh.connectors.processor.operations.RedriveRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dlt}: lists, shows and redrives the dead letters of {@code connectors.raw-events.dlt}. */
@Command(name = "dlt", mixinStandardHelpOptions = true, description = "Dead letters: list, show, redrive.",
        subcommands = {DltCommand.ListLetters.class, DltCommand.Show.class, DltCommand.Redrive.class})
final class DltCommand {

    /** The filters of list and redrive. */
    static final class Filters {
        @Option(names = "--tenant")
        UUID tenant;

        @Option(names = "--provider")
        String provider;

        @Option(names = "--reason", description = "text the failure reason contains")
        String reason;

        @Option(names = "--since", description = "RFC 3339: dead-lettered at or after")
        String since;

        RedriveRequest request(boolean dryRun) {
            Instant from = since == null ? null : OffsetDateTime.parse(since).toInstant();
            return new RedriveRequest(tenant, provider, reason, from, dryRun);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Dead letters, oldest first.")
    static final class ListLetters extends AdminCommand {
        @Mixin
        Filters filters = new Filters();

        @Option(names = "--limit", defaultValue = "100")
        int limit;

        ListLetters(ConnectorsAdmin admin) {
            super(admin);
        }

        @Override
        public Integer call() {
            PrintWriter out = out();
            List<DeadLetter> letters = operations().deadLetters(filters.request(false), limit);
            out.println("%-10s %-36s %-16s %-20s %-9s %s".formatted("DLT", "TENANT", "PROVIDER", "EVENT", "STATE",
                    "REASON"));
            for (DeadLetter letter : letters) {
                out.println("%-10s %-36s %-16s %-20s %-9s %s".formatted(letter.partition() + ":" + letter.offset(),
                        letter.tenant(), letter.provider(), letter.eventType(),
                        letter.redriven() ? "redriven" : "dead", letter.reason()));
            }
            out.println(letters.size() + " dead letter(s)");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One dead letter: reason, origin, payload.")
    static final class Show extends AdminCommand {
        @Parameters(paramLabel = "<partition:offset>")
        String coordinates;

        Show(ConnectorsAdmin admin) {
            super(admin);
        }

        @Override
        public Integer call() {
            Position at = Position.parse(coordinates);
            if (at.partition().isEmpty()) {
                err().println("error: expected partition:offset, got " + coordinates);
                return 2;
            }
            DeadLetter letter = operations().deadLetter(at.partition().getAsInt(), at.offset()).orElse(null);
            if (letter == null) {
                err().println("error: no dead letter at " + coordinates);
                return 1;
            }
            PrintWriter out = out();
            out.println("dead letter      " + letter.partition() + ":" + letter.offset()
                    + (letter.redriven() ? " (redriven)" : ""));
            out.println("dead-lettered at " + letter.deadLetteredAt());
            out.println("reason           " + letter.reason());
            out.println("exception        " + letter.exception());
            out.println("original         " + letter.originalTopic() + " " + letter.originalPartition() + ":"
                    + letter.originalOffset());
            out.println("tenant           " + letter.tenant());
            out.println("provider         " + letter.provider());
            out.println("event            " + letter.eventType() + " " + letter.eventId());
            out.println("payload          " + letter.payloadBytes() + " bytes: " + letter.payloadSummary());
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Runs the selected dead letters through the processor again; still-poison ones stay.")
    static final class Redrive extends AdminCommand {
        @Mixin
        Filters filters = new Filters();

        @Option(names = "--dry-run")
        boolean dryRun;

        @Option(names = "--by", defaultValue = "${sys:user.name}")
        String by;

        Redrive(ConnectorsAdmin admin) {
            super(admin);
        }

        @Override
        public Integer call() {
            Operations operations = operations();
            UUID id = operations.createRedrive(filters.request(dryRun), "connectors-admin:" + by, false);
            return RunPrinter.runInteractively(operations, id, out(), "redrive");
        }
    }
}
