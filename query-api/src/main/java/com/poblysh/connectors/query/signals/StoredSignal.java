package com.poblysh.connectors.query.signals;

/** A signal of a list in storage order, with its storage position (where a cursor after it continues). */
record StoredSignal(SignalView view, long position) {
}
