package com.poblysh.connectors.local;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * {@code java -jar local-stack.jar hash-password}: reads a password (hidden when typed at a terminal, else the first
 * line of standard input) and prints its bcrypt hash for {@code POBLYSH_CONSOLE_OPERATORS_<i>_PASSWORD_HASH}. The
 * password is never an argument, so it stays out of shell history and process lists.
 */
final class HashPassword {

    /** bcrypt cost: 2^12 rounds, about a quarter second per sign-in on a server core. */
    static final int STRENGTH = 12;

    private HashPassword() {
    }

    static String hash(CharSequence password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        return new BCryptPasswordEncoder(STRENGTH).encode(password);
    }

    static int run() throws IOException {
        Console console = System.console();
        String password;
        if (console != null) {
            char[] typed = console.readPassword("Password for the operator account: ");
            password = typed == null ? null : new String(typed);
        } else {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (password == null || password.isEmpty()) {
            System.err.println("No password given (type it, or pipe it on standard input).");
            return 2;
        }
        System.out.println(hash(password));
        return 0;
    }
}
