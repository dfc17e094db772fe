package com.poblysh.connectors.processor.normalize;

/**
 * A payload lacks a field its mapping needs, or the field is malformed. Never retried: the same bytes fail the
 * same way, so the event goes to the dead-letter topic.
 */
public class InvalidPayloadException extends RuntimeException {

    public InvalidPayloadException(String message) {
        super(message);
    }

    public InvalidPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
