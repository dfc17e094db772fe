package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
