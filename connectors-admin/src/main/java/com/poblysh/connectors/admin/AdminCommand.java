package com.poblysh.connectors.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.poblysh.connectors.processor.operations.Operations;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A connectors-admin command: the processor's operations it works with (their context starts on first use, so
 * {@code --help} starts none) and the command line's out and err it writes to.
 */
abstract class AdminCommand implements Callable<Integer> {

    private final ConnectorsAdmin admin;

    @Spec
    CommandSpec spec;

    AdminCommand(ConnectorsAdmin admin) {
        this.admin = admin;
    }

    final Operations operations() {
        return admin.operations();
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
