package com.poblysh.connectors.processor;

/** A raw event that can never be processed as it is (wrong provider, payload not JSON); it is dead-lettered. */
class NonRetryableEventException extends RuntimeException {

    NonRetryableEventException(String message) {
        super(message);
    }

    NonRetryableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
