package com.poblysh.connectors.admin;

import java.io.PrintWriter;

import me.tongfei.progressbar.ProgressBarConsumer;

/** Draws the progress bar on the command's output, one carriage-returned line at a time (80 columns). */
final class WriterConsumer implements ProgressBarConsumer {

    private final PrintWriter out;

    WriterConsumer(PrintWriter out) {
        this.out = out;
    }

    @Override
    public int getMaxRenderedLength() {
        return 160;
    }

    @Override
    public void accept(String rendered) {
        out.print('\r');
        out.print(rendered);
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
