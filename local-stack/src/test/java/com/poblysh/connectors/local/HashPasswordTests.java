package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** {@code hash-password} writes bcrypt hashes the console's sign-in accepts, and refuses an empty password. */
class HashPasswordTests {

    @Test
    void hashesWithBcryptThatTheConsoleVerifies() {
        String hash = HashPassword.hash("correct horse battery staple");

        assertThat(hash).matches("\\$2a\\$12\\$[./A-Za-z0-9]{53}");
        assertThat(new BCryptPasswordEncoder().matches("correct horse battery staple", hash)).isTrue();
        assertThat(new BCryptPasswordEncoder().matches("wrong", hash)).isFalse();
        assertThat(HashPassword.hash("correct horse battery staple")).as("salted").isNotEqualTo(hash);
    }

    @Test
    void refusesAnEmptyPassword() {
        assertThatThrownBy(() -> HashPassword.hash("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashesThePasswordPipedOnStandardInputAndPrintsOnlyTheHash() throws Exception {
        // no terminal under the test runner, as with `echo ... | java -jar local-stack.jar hash-password`
        assertThat(System.console()).isNull();
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int piped;
        int empty;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream("piped secret\n".getBytes(StandardCharsets.UTF_8)));
            piped = HashPassword.run();
            System.setIn(new ByteArrayInputStream(new byte[0]));
            empty = HashPassword.run();
        } finally {
            System.setIn(in);
            System.setOut(out);
        }

        assertThat(piped).isZero();
        assertThat(empty).as("nothing piped").isEqualTo(2);
        String hash = printed.toString(StandardCharsets.UTF_8).strip();
        assertThat(hash).matches("\\$2a\\$12\\$[./A-Za-z0-9]{53}").doesNotContain("piped secret");
        assertThat(new BCryptPasswordEncoder().matches("piped secret", hash)).isTrue();
    }
}
