package com.poblysh.connectors.local;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The sample GitHub webhook of the local run and the copy-paste curl commands that exercise it. */
public final class DemoRequests {

    private DemoRequests() {
    }

    /** A small, realistic {@code issues.opened} payload; created_at is now so the signal sorts first. */
    public static String issueOpenedPayload(Instant now) {
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return ("{\"action\":\"opened\",\"issue\":{\"number\":1347,\"title\":\"Found a bug\","
                + "\"html_url\":\"https://github.com/octocat/Hello-World/issues/1347\",\"state\":\"open\","
                + "\"user\":{\"login\":\"octocat\"},\"created_at\":\"%s\",\"updated_at\":\"%s\"},"
                + "\"repository\":{\"full_name\":\"octocat/Hello-World\"},\"sender\":{\"login\":\"octocat\"}}")
                .formatted(at, at);
    }

    /** {@code sha256=<hex HMAC-SHA256(secret, body)>}, the value of {@code X-Hub-Signature-256}. */
    public static String githubSignature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String banner(LocalStack stack) {
        LocalStackSettings s = stack.settings();
        String body = issueOpenedPayload(Instant.now());
        String delivery = UUID.randomUUID().toString();
        String tenant = s.demoTenant().toString();
        return """

                ============================================================================
                 Poblysh Connectors is running (Ctrl-C stops everything)
                   query-api         %s   (OpenAPI: %s/v3/api-docs, health: %s/healthz)
                   ingest-service    %s
                   signal-processor  %s   (actuator)
                   Kafka (KRaft)     %s
                   schema registry   %s
                   PostgreSQL        %s%s
                 Operator token: %s   Demo tenant: %s

                 1) Post a signed GitHub webhook (issues.opened):

                curl -i -X POST '%s/webhooks/github/%s' \\
                  -H 'Content-Type: application/json' \\
                  -H 'X-GitHub-Event: issues' \\
                  -H 'X-GitHub-Delivery: %s' \\
                  -H 'X-Hub-Signature-256: %s' \\
                  --data-binary '%s'

                 2) Read the resulting signal:

                curl -s '%s/signals?provider=github' \\
                  -H 'Authorization: Bearer %s' \\
                  -H 'X-Tenant-Id: %s'
                ============================================================================
                """.formatted(
                stack.queryUrl(), stack.queryUrl(), stack.queryUrl(),
                stack.ingestUrl(), stack.processorUrl(), stack.kafkaBootstrapServers(), stack.registryUrl(),
                stack.database().url(), stack.database().embedded() ? " (embedded, temporary)" : "",
                s.operatorToken(), tenant,
                stack.ingestUrl(), tenant, delivery, githubSignature(s.githubSecret(), body), body,
                stack.queryUrl(), s.operatorToken(), tenant);
    }
}
