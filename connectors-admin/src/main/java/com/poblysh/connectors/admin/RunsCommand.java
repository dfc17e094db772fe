package com.poblysh.connectors.admin;

import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.poblysh.connectors.processor.operations.OperationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runs}: the operation runs of replays and redrives (their {@code operation_runs} rows). */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Shows or cancels replay and redrive runs.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class, RunsCommand.Cancel.class})
final class RunsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The latest runs, newest first.")
    static final class ListRuns implements Callable<Integer> {
        private final ConnectorsAdmin admin;

        @Spec
        CommandSpec spec;

        @Option(names = "--kind", description = "replay or redrive")
        String kind;

        @Option(names = "--limit", defaultValue = "20")
        int limit;

        ListRuns(ConnectorsAdmin admin) {
            this.admin = admin;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            admin.operations().latest(kind, limit).forEach(run -> out.println(RunPrinter.summary(run)));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One run: status, filters, counts.")
    static final class Show implements Callable<Integer> {
        private final ConnectorsAdmin admin;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<run id>")
        UUID id;

        Show(ConnectorsAdmin admin) {
            this.admin = admin;
        }

        @Override
        public Integer call() {
            return print(spec, admin.operations().find(id).orElse(null), id);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Asks a run to stop (a queued one stops now, a running one after its batch).")
    static final class Cancel implements Callable<Integer> {
        private final ConnectorsAdmin admin;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<run id>")
        UUID id;

        Cancel(ConnectorsAdmin admin) {
            this.admin = admin;
        }

        @Override
        public Integer call() {
            return print(spec, admin.operations().cancel(id).orElse(null), id);
        }
    }

    private static int print(CommandSpec spec, OperationRun run, UUID id) {
        if (run == null) {
            spec.commandLine().getErr().println("error: no operation run " + id);
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(RunPrinter.summary(run));
        out.println("filters: " + run.filters());
        out.println("started by " + run.startedBy() + ", created " + run.createdAt() + ", started " + run.startedAt()
                + ", finished " + run.finishedAt() + (run.cancelRequested() ? ", cancel requested" : ""));
        return 0;
    }
}
