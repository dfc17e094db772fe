package com.poblysh.connectors.ingest.webhook;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Shared pieces of the per-provider bad-input tables. */
final class WebhookRequests {

    /** One MiB, the default body limit. */
    static final int ONE_MIB = 1024 * 1024;
    /** Bytes that are not UTF-8: a two-byte lead followed by an ASCII byte. */
    static final byte[] NOT_UTF8 = {(byte) 0xC3, 0x28};

    private WebhookRequests() {
    }

    /** A table row: what is wrong, the request, and the status and problem code it must get. */
    static Arguments refusal(String what, Supplier<MockHttpServletRequestBuilder> request, int status, String code) {
        return refusal(what, request, status, code, null);
    }

    /** A table row whose problem must also name {@code detail} in its {@code details}. */
    static Arguments refusal(String what, Supplier<MockHttpServletRequestBuilder> request, int status, String code,
            String detail) {
        return Arguments.of(Named.of(what, request), status, code, detail);
    }

    /** Runs a row: the status, the code, the named detail, and nothing published. */
    static void expectRefusal(MockMvc mvc, RawEventPublisher publisher, Supplier<MockHttpServletRequestBuilder> request,
            int status, String code, String detail) throws Exception {
        ResultActions result = expectProblem(mvc.perform(request.get()), status, code);
        if (detail != null) {
            result.andExpect(jsonPath("$.details['" + detail + "']").exists());
        }
        verify(publisher, never()).publish(any());
        verify(publisher, never()).publishAll(any());
    }

    /** {@code body} with the first occurrence of {@code marker} replaced by bytes that are not UTF-8. */
    static byte[] notUtf8(byte[] body, String marker) {
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new IllegalArgumentException("no " + marker + " in the body");
        }
        return concat(text.substring(0, at), NOT_UTF8, text.substring(at + marker.length()));
    }

    static ResultActions expectProblem(ResultActions result, int status, String code) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.trace_id").isNotEmpty());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(String head, byte[] middle, String tail) {
        byte[] h = utf8(head);
        byte[] t = utf8(tail);
        byte[] all = new byte[h.length + middle.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(middle, 0, all, h.length, middle.length);
        System.arraycopy(t, 0, all, h.length + middle.length, t.length);
        return all;
    }
}
