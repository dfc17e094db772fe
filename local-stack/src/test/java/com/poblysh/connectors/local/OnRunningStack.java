package com.poblysh.connectors.local;

import com.poblysh.connectors.testkit.github.FakeGitHubApi;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the tests that drive the JVM's one running local stack: the stack, a client of its HTTP APIs and its fake
 * GitHub, set before any subclass's own {@code @BeforeAll} (subclasses name theirs differently so as not to hide
 * this one).
 */
abstract class OnRunningStack {

    static LocalStack stack;
    static PipelineClient client;
    static FakeGitHubApi github;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.get();
        client = new PipelineClient(stack);
        github = RunningStack.github();
    }
}
