package com.poblysh.connectors.admin;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

import com.poblysh.connectors.processor.operations.GroupLag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lag}: per consumer group and partition of {@code connectors.raw-events}, lag, last commit and rate. */
@Command(name = "lag", mixinStandardHelpOptions = true,
        description = "Consumer lag of connectors.raw-events per group and partition.")
final class LagCommand extends AdminCommand {

    @Option(names = "--group", description = "only this consumer group")
    String group;

    @Option(names = "--sample", defaultValue = "PT2S", description = "how long to watch for events/s (ISO-8601)")
    Duration sample;

    LagCommand(ConnectorsAdmin admin) {
        super(admin);
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        List<GroupLag> lags = operations().lag(group, sample);
        out.println("%-48s %9s %12s %12s %10s %-27s %10s".formatted("GROUP", "PARTITION", "COMMITTED", "END", "LAG",
                "LAST COMMIT", "EVENTS/S"));
        for (GroupLag lag : lags) {
            out.println("%-48s %9d %12d %12d %10d %-27s %10.1f".formatted(lag.group(), lag.partition(),
                    lag.committed(), lag.end(), lag.lag(), lag.lastCommitAt() == null ? "-" : lag.lastCommitAt(),
                    lag.eventsPerSecond()));
        }
        return 0;
    }
}
