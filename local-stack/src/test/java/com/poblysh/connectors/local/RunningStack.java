package com.poblysh.connectors.local;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.testsupport.TestDatabase;

/**
 * One local stack per test JVM, on free ports against the test database and the fake provider APIs
 * ({@link PolledProviders}); stopped at JVM exit.
 */
final class RunningStack {

    private static LocalStack stack;

    private RunningStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            DatabaseBootstrap.Target db = TestDatabase.get();
            // the providers' APIs are fakes here: the stack polls, and must never call the real hosts
            stack = LocalStack.start(LocalStackSettings.fromEnvironment(java.util.Map.of())
                    .onFreePorts(db.url(), db.user(), db.password()), PolledProviders.properties());
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-local-stack"));
        }
        return stack;
    }
}
