package com.poblysh.connectors.admin;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.poblysh.connectors.processor.operations.OperationRun;
import com.poblysh.connectors.processor.operations.Operations;
import com.poblysh.connectors.processor.operations.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Runs an operation run in the foreground: prints its id, a progress bar (records done/total, rate, ETA), and the
 * counts when it ends. Ctrl-C cancels it at its next batch and waits for that, so the run is recorded cancelled with
 * its checkpoint and {@code --resume} continues exactly there.
 */
final class RunPrinter {

    private RunPrinter() {
    }

    static int runInteractively(Operations operations, UUID id, PrintWriter out, String task) {
        out.println("Operation run " + id);
        out.flush();
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.set(true);
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "connectors-admin-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        OperationRun run;
        ProgressBar[] bar = {null};
        try {
            run = operations.run(id, progress -> update(bar, progress, out, task), interrupted::get);
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is running and returns now that the run is recorded.
            }
        }
        out.println();
        out.println(summary(run));
        if ("cancelled".equals(run.status())) {
            out.println("Resume with: connectors-admin " + task + " --resume " + run.id());
        }
        out.flush();
        return switch (run.status()) {
            case "succeeded" -> 0;
            case "cancelled" -> ConnectorsAdmin.CANCELLED;
            default -> 1;
        };
    }

    private static void update(ProgressBar[] bar, Progress progress, PrintWriter out, String task) {
        if (bar[0] == null) {
            bar[0] = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(progress.total())
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .setUnit(" ev", 1)
                    .setConsumer(new WriterConsumer(out))
                    .startsFrom(progress.read(), Duration.ZERO)
                    .build();
        }
        bar[0].maxHint(progress.total());
        bar[0].stepTo(progress.read());
        bar[0].setExtraMessage(" stored " + progress.stored() + ", updated " + progress.updated() + ", skipped "
                + progress.skipped() + ", failed " + progress.failed());
    }

    /** One line with the run's end and counts. */
    static String summary(OperationRun run) {
        Progress p = run.progress();
        String line = "%s %s %s: read %d of %d, stored %d, updated %d, skipped %d, failed %d".formatted(
                run.kind(), run.id(), run.status(), p.read(), p.total(), p.stored(), p.updated(), p.skipped(),
                p.failed());
        if (run.startedAt() != null && run.finishedAt() != null) {
            Duration took = Duration.between(run.startedAt(), run.finishedAt());
            line += ", %.1f s".formatted(took.toMillis() / 1000.0);
            if (!took.isZero()) {
                line += ", %d ev/s".formatted(Math.round(p.read() * 1000.0 / took.toMillis()));
            }
        }
        return run.error() == null ? line : line + " (" + run.error() + ")";
    }
}
