package com.poblysh.connectors.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import org.junit.jupiter.api.Test;

class BoundedBodyTests {

    private static final int LIMIT = 1024;

    @Test
    void readsABodyAtTheLimit() {
        byte[] body = new byte[LIMIT];
        assertThat(BoundedBody.read(new ByteArrayInputStream(body), LIMIT, LIMIT)).hasSize(LIMIT);
    }

    @Test
    void readsAChunkedBodyUnderTheLimit() {
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[10]), -1, LIMIT)).hasSize(10);
    }

    @Test
    void refusesADeclaredOversizeBodyWithoutReadingIt() {
        CountingStream body = new CountingStream();
        assertThatThrownBy(() -> BoundedBody.read(body, LIMIT + 1, LIMIT))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(ProblemCode.PAYLOAD_TOO_LARGE));
        assertThat(body.read).isZero();
    }

    @Test
    void stopsReadingAChunkedBodyOnceItPassesTheLimit() {
        CountingStream endless = new CountingStream();
        assertThatThrownBy(() -> BoundedBody.read(endless, -1, LIMIT))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(ProblemCode.PAYLOAD_TOO_LARGE));
        assertThat(endless.read).isEqualTo(LIMIT + 1);
    }

    @Test
    void refusesABodyLongerThanItsUnderstatedContentLength() {
        // a lying Content-Length does not get past the limit either
        CountingStream endless = new CountingStream();
        assertThatThrownBy(() -> BoundedBody.read(endless, 10, LIMIT)).isInstanceOf(ApiException.class);
        assertThat(endless.read).isEqualTo(LIMIT + 1);
    }

    /** An endless body that counts what was taken from it. */
    private static final class CountingStream extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            read += len;
            return len;
        }
    }
}
