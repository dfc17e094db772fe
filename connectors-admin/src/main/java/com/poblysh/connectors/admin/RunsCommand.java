package com.poblysh.connectors.admin;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.processor.operations.OperationRun;
import com.poblysh.connectors.processor.operations.Operations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runs}: the operation runs of replays and redrives (their {@code operation_runs} rows). */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Shows or cancels replay and redrive runs.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class, RunsCommand.Cancel.class})
final class RunsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The latest runs, newest first.")
    static final class ListRuns extends AdminCommand {
        @Option(names = "--kind", description = "replay or redrive")
        String kind;

        @Option(names = "--limit", defaultValue = "20")
        int limit;

        ListRuns(ConnectorsAdmin admin) {
            super(admin);
        }

        @Override
        public Integer call() {
            PrintWriter out = out();
            operations().latest(kind, limit).forEach(run -> out.println(RunPrinter.summary(run)));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One run: status, filters, counts.")
    static final class Show extends OneRun {
        Show(ConnectorsAdmin admin) {
            super(admin);
        }

        @Override
        Optional<OperationRun> apply(Operations operations, UUID id) {
            return operations.find(id);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Asks a run to stop (a queued one stops now, a running one after its batch).")
    static final class Cancel extends OneRun {
        Cancel(ConnectorsAdmin admin) {
            super(admin);
        }

        @Override
        Optional<OperationRun> apply(Operations operations, UUID id) {
            return operations.cancel(id);
        }
    }

    /** A command on one run named by its id, which prints the run it answers (or that there is none). */
    abstract static class OneRun extends AdminCommand {
        @Parameters(paramLabel = "<run id>")
        UUID id;

        OneRun(ConnectorsAdmin admin) {
            super(admin);
        }

        abstract Optional<OperationRun> apply(Operations operations, UUID id);

        @Override
        public Integer call() {
            OperationRun run = apply(operations(), id).orElse(null);
            if (run == null) {
                err().println("error: no operation run " + id);
                return 1;
            }
            PrintWriter out = out();
            out.println(RunPrinter.summary(run));
            out.println("filters: " + run.filters());
            out.println("started by " + run.startedBy() + ", created " + run.createdAt() + ", started "
                    + run.startedAt() + ", finished " + run.finishedAt()
                    + (run.cancelRequested() ? ", cancel requested" : ""));
            return 0;
        }
    }
}
