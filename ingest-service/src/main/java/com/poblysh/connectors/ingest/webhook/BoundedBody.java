package com.poblysh.connectors.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;

import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;

/**
 * Reads a request body up to a limit. A declared {@code Content-Length} over the limit is refused before a byte is
 * read; a chunked body is refused as soon as it passes the limit, so at most {@code limit + 1} bytes are held.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    /**
     * The whole body.
     *
     * @param declaredLength {@code Content-Length}, or -1 when the body is chunked
     * @throws ApiException 413 {@code PAYLOAD_TOO_LARGE} when the body is larger than {@code limit}
     */
    static byte[] read(InputStream body, long declaredLength, int limit) {
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
        byte[] bytes;
        try {
            bytes = body.readNBytes(limit + 1);
        } catch (IOException e) {
            throw ApiException.validation("body", "request body could not be read");
        }
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        return bytes;
    }

    private static ApiException tooLarge(int limit) {
        return new ApiException(ProblemCode.PAYLOAD_TOO_LARGE, "request body is larger than " + limit + " bytes");
    }
}
