package com.poblysh.connectors.admin;

import java.util.UUID;

import com.poblysh.connectors.processor.operations.Operations;
import com.poblysh.connectors.processor.operations.Position;
import com.poblysh.connectors.processor.operations.ReplayRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replay}: re-runs the processor over a range of {@code connectors.raw-events}, or resumes such a run. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays connectors.raw-events into Postgres with its own consumer group.")
final class ReplayCommand extends AdminCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Start start;

    static final class Start {
        @Option(names = "--from", description = "RFC 3339 time (every partition) or partition:offset")
        String from;

        @Option(names = "--resume", paramLabel = "<run id>", description = "continue a cancelled or failed run")
        UUID resume;
    }

    @Option(names = "--to", description = "end (exclusive), same form as --from; default: the end when it starts")
    String to;

    @Option(names = "--tenant", description = "only this tenant")
    UUID tenant;

    @Option(names = "--provider", description = "only this provider (github, jira, slack, microsoft_graph)")
    String provider;

    @Option(names = "--mode", defaultValue = "insert-missing", description = "insert-missing (default) or rebuild")
    String mode;

    @Option(names = "--rate", paramLabel = "N", description = "at most N records per second")
    Double rate;

    @Option(names = "--dry-run", description = "count what would change, store nothing")
    boolean dryRun;

    @Option(names = "--by", defaultValue = "${sys:user.name}", description = "who runs it (operation_runs.started_by)")
    String by;

    ReplayCommand(ConnectorsAdmin admin) {
        super(admin);
    }

    @Override
    public Integer call() {
        UUID id;
        Operations operations;
        if (start.resume != null) {
            operations = operations();
            id = start.resume;
        } else {
            ReplayRequest request;
            try {
                request = new ReplayRequest(Position.parse(start.from), to == null ? null : Position.parse(to),
                        tenant, provider, ReplayRequest.Mode.parse(mode), rate, dryRun);
            } catch (IllegalArgumentException e) {
                err().println("error: " + e.getMessage());
                return 2;
            }
            operations = operations();
            id = operations.createReplay(request, "connectors-admin:" + by, false);
        }
        return RunPrinter.runInteractively(operations, id, out(), "replay");
    }
}
