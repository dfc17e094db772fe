package com.poblysh.connectors.query.health;

/** One dependency {@code /readyz} reports on; implementations never throw and never block for long. */
interface ReadinessCheck {

    /** Key in {@code checks}, e.g. {@code database}. */
    String name();

    boolean isUp();
}
