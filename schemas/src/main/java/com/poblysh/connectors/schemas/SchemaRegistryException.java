package com.poblysh.connectors.schemas;

/** A refusal or failure from the schema registry, with the HTTP status and Confluent error code. */
public class SchemaRegistryException extends RuntimeException {

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(int status, int errorCode, String message) {
        super("Schema registry answered " + status + " (error_code " + errorCode + "): " + message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.errorCode = -1;
    }

    /** HTTP status, or -1 when the registry could not be reached. */
    public int status() {
        return status;
    }

    /** Confluent error code (e.g. 40401 subject not found, 409 incompatible), or -1. */
    public int errorCode() {
        return errorCode;
    }
}
