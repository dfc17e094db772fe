package com.poblysh.connectors.local;

import java.util.Map;

/**
 * The operator console account of the local run, a manager of the demo tenant. Public defaults on purpose, like the
 * local run's other secrets; the banner prints them.
 *
 * @param username {@code POBLYSH_LOCAL_OPERATOR_USERNAME}, default {@code demo}
 * @param password {@code POBLYSH_LOCAL_OPERATOR_PASSWORD}, default {@code local-dev-operator-password}; the
 *                 query-api receives only its bcrypt hash
 */
public record DemoOperator(String username, String password) {

    /** The defaults, for tests. */
    public static DemoOperator defaults() {
        return fromEnvironment(Map.of());
    }

    /** The account from the environment, with the local defaults. */
    public static DemoOperator fromEnvironment(Map<String, String> env) {
        return new DemoOperator(env.getOrDefault("POBLYSH_LOCAL_OPERATOR_USERNAME", "demo"),
                env.getOrDefault("POBLYSH_LOCAL_OPERATOR_PASSWORD", "local-dev-operator-password"));
    }

    @Override
    public String toString() {
        return "DemoOperator[" + username + ", password redacted]";
    }
}
