package com.poblysh.connectors.local;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.testsupport.TestDatabase;

/** One local stack per test JVM, on free ports against the test database; stopped at JVM exit. */
final class RunningStack {

    private static LocalStack stack;

    private RunningStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            DatabaseBootstrap.Target db = TestDatabase.get();
            stack = LocalStack.start(LocalStackSettings.fromEnvironment(java.util.Map.of())
                    .onFreePorts(db.url(), db.user(), db.password()));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-local-stack"));
        }
        return stack;
    }
}
