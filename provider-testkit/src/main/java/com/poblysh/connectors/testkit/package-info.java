/**
 * Requests as the providers send them, for the services' tests, the local run's demo and the bench: each provider's
 * signing, computed here with {@code javax.crypto} so that a test never signs with the code it tests, and the
 * fixtures, one file per provider event ({@code fixtures/<provider id>/<event type>-<variant>.json}) holding the
 * request headers, the body and the signals it must become. ingest-service posts them, signal-processor's golden
 * tests normalize them.
 */
package com.poblysh.connectors.testkit;
