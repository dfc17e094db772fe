package com.poblysh.connectors.query.console;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The operator console's accounts ({@code poblysh.console.operators[i].*}, in the environment
 * {@code POBLYSH_CONSOLE_OPERATORS_<i>_USERNAME}, {@code _PASSWORD_HASH}, {@code _ROLE}, {@code _TENANTS}
 * (comma-separated tenant UUIDs)). Passwords are stored only as bcrypt hashes; {@code java -jar local-stack.jar
 * hash-password} makes one. No accounts: nobody can sign in, the API is unaffected. An account with neither
 * username nor password hash is no account, so a deployment can leave a slot empty (docker-compose.yml does).
 *
 * @param operators every account that may sign in to {@code /admin}
 */
@Validated
@ConfigurationProperties("poblysh.console")
record ConsoleProperties(@Valid List<Operator> operators) {

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");

    /** An account whose username and password hash are both empty is an unused slot (docker-compose.yml's). */
    ConsoleProperties {
        operators = operators == null ? List.of()
                : operators.stream().filter(o -> !(blank(o.username()) && blank(o.passwordHash()))).toList();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * One operator account.
     *
     * @param username     the sign-in name, also the audit actor ({@code operator:<username>})
     * @param passwordHash bcrypt hash of the password, never the password
     * @param role         {@code viewer} or {@code manager}, the same for every tenant granted
     * @param tenants      the tenants the operator may see; every other tenant does not exist for them
     */
    record Operator(
            @NotBlank @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9._@-]{1,64}",
                    message = "must be 1 to 64 letters, digits or . _ @ -") String username,
            @NotBlank(message = "is required: a bcrypt hash (java -jar local-stack.jar hash-password)")
            String passwordHash,
            @NotNull(message = "is required: viewer or manager") OperatorRole role,
            List<UUID> tenants) {

        Operator {
            tenants = tenants == null ? List.of() : List.copyOf(tenants);
        }

        @Override
        public String toString() {
            return "Operator[" + username + ", " + role + ", " + tenants.size() + " tenants, password hash redacted]";
        }
    }

    /**
     * Fails, naming the account but never the value, when a password hash is not bcrypt (most likely a password
     * pasted where its hash belongs). Checked when the sign-in is built rather than by bean validation, whose
     * start-up report would print the rejected value.
     */
    void requireBcryptHashes() {
        for (int i = 0; i < operators.size(); i++) {
            if (!BCRYPT.matcher(operators.get(i).passwordHash()).matches()) {
                throw new IllegalStateException("poblysh.console.operators[" + i + "].password-hash (operator '"
                        + operators.get(i).username() + "') must be a bcrypt hash ($2a$12$…), never a password; "
                        + "make one with: java -jar local-stack.jar hash-password");
            }
        }
    }

    @AssertTrue(message = "two operators share a username")
    boolean isEveryUsernameUnique() {
        Set<String> seen = new HashSet<>();
        return operators.stream().map(Operator::username).filter(u -> u != null).allMatch(seen::add);
    }
}
