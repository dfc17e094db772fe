package com.poblysh.connectors.common.value;

import java.util.Objects;

/**
 * Base of the value types that are one wrapped value with a format of their own (tenant ids, secret bindings, dedupe
 * keys, cursor scopes): equal when of the same class and wrapping equal values, printed as the wrapped value.
 */
public abstract class WrappedValue<V> {

    private final V value;

    protected WrappedValue(V value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The wrapped value. */
    protected final V wrapped() {
        return value;
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && value.equals(((WrappedValue<?>) other).value);
    }

    @Override
    public final int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
