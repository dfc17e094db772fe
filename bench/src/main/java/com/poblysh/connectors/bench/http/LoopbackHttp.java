package com.poblysh.connectors.bench.http;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A deliberately minimal HTTP/1.1 client for one keep-alive connection on loopback: it writes prepared request
 * bytes and reads the status and body (Content-Length or chunked). The load generator shares the two cores with
 * the services, so it must cost as little CPU per request as possible; a general-purpose client would take
 * capacity away from the server under test. Not thread-safe: one instance per worker thread.
 */
public final class LoopbackHttp implements AutoCloseable {

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] send = new byte[16 * 1024];
    private byte[] body = new byte[64 * 1024];
    private int bodyLength;
    private long reconnects;

    public LoopbackHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A request head: request line, {@code Host}, the given header lines, and {@code Content-Length} when posting. */
    public static byte[] head(String method, String target, String headers, int contentLength) {
        StringBuilder h = new StringBuilder(256 + headers.length()).append(method).append(' ').append(target)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n").append(headers);
        if (contentLength >= 0) {
            h.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        return h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends {@code head} and {@code payload} (may be null) in one write and reads the answer; the body is then in
     * {@link #body()}. A connection the server closed (keep-alive limit) is reopened once.
     *
     * @return the status code
     */
    public int exchange(byte[] head, byte[] payload) {
        int total = head.length + (payload == null ? 0 : payload.length);
        if (send.length < total) {
            send = new byte[Math.max(total, send.length * 2)];
        }
        System.arraycopy(head, 0, send, 0, head.length);
        if (payload != null) {
            System.arraycopy(payload, 0, send, head.length, payload.length);
        }
        boolean fresh = socket == null;
        try {
            if (fresh) {
                open();
            }
            out.write(send, 0, total);
            return readResponse();
        } catch (IOException e) {
            if (fresh) {
                closeQuietly();
                throw new UncheckedIOException(e);
            }
            // the server closed an idle or used-up keep-alive connection between our requests: retry once
            closeQuietly();
            try {
                open();
                out.write(send, 0, total);
                return readResponse();
            } catch (IOException again) {
                closeQuietly();
                throw new UncheckedIOException(again);
            }
        }
    }

    /** Body bytes of the last answer are {@code body()[0 .. bodyLength())}. */
    public byte[] body() {
        return body;
    }

    public int bodyLength() {
        return bodyLength;
    }

    public String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    /** Connections opened after the first (the server's keep-alive limit closes them). */
    public long reconnects() {
        return reconnects;
    }

    private void open() throws IOException {
        if (in != null) {
            reconnects++;
        }
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    private int readResponse() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        bodyLength = 0;
        if (chunked) {
            for (int size = Integer.parseInt(chunkSize(line()), 16); size > 0;
                    size = Integer.parseInt(chunkSize(line()), 16)) {
                readBody(size);
                line();
            }
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers are ignored
            }
        } else if (contentLength > 0) {
            readBody((int) contentLength);
        }
        if (close) {
            closeQuietly();
        }
        return code;
    }

    private static String chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    }

    private void readBody(int length) throws IOException {
        if (body.length < bodyLength + length) {
            body = Arrays.copyOf(body, Math.max(bodyLength + length, body.length * 2));
        }
        int read = in.readNBytes(body, bodyLength, length);
        if (read < length) {
            throw new EOFException("connection closed mid-body");
        }
        bodyLength += length;
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        for (int c = in.read(); ; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c == '\n') {
                int end = s.length();
                if (end > 0 && s.charAt(end - 1) == '\r') {
                    s.setLength(end - 1);
                }
                return s.toString();
            }
            s.append((char) c);
        }
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a dead connection
            }
        }
        socket = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
