package com.poblysh.connectors.local;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Requests as Slack, Jira and Microsoft Graph send them, signed with the local stack's secrets. */
final class ProviderRequests {

    private ProviderRequests() {
    }

    static String slackMessage(String eventId, String text, long ts) {
        return """
                {"token":"XXYYZZ","team_id":"T061EG9R6","api_app_id":"A0PNCHHK2",
                 "event":{"type":"message","channel":"C024BE91L","user":"U2147483697","text":"%s",
                          "ts":"%d.000200","event_ts":"%d.000200","channel_type":"channel"},
                 "type":"event_callback","event_id":"%s","event_time":%d}""".formatted(text, ts, ts, eventId, ts);
    }

    static String slackSignature(String secret, String timestamp, byte[] body) {
        byte[] base = ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[base.length + body.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(body, 0, all, base.length, body.length);
        return "v0=" + HexFormat.of().formatHex(hmac(secret, all));
    }

    static String jiraIssueCreated(String key, String summary, Instant created) {
        String at = created.toString().replace("Z", "+0000");
        return """
                {"timestamp":%d,"webhookEvent":"jira:issue_created","issue_event_type_name":"issue_created",
                 "user":{"accountId":"5b10a2844c20165700ede21g","displayName":"Mia Krystof"},
                 "issue":{"id":"10002","self":"https://acme.atlassian.net/rest/api/2/10002","key":"%s",
                          "fields":{"summary":"%s","created":"%s","updated":"%s",
                                    "status":{"name":"To Do","statusCategory":{"key":"new"}}}}}"""
                .formatted(created.toEpochMilli(), key, summary, at, at);
    }

    static String jiraCommentCreated(String key, String author, Instant created) {
        String at = created.toString().replace("Z", "+0000");
        return """
                {"timestamp":%d,"webhookEvent":"comment_created",
                 "comment":{"self":"https://acme.atlassian.net/rest/api/2/issue/10002/comment/10050","id":"10050",
                            "author":{"displayName":"%s"},"body":"Reproduced.","created":"%s","updated":"%s"},
                 "issue":{"id":"10002","self":"https://acme.atlassian.net/rest/api/2/10002","key":"%s",
                          "fields":{"summary":"Checkout fails"}}}""".formatted(created.toEpochMilli(), author, at, at,
                key);
    }

    static String hubSignature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret, body));
    }

    /** An HS256 JWT valid for three minutes, as a Jira app webhook carries it. */
    static String jiraJwt(String secret) {
        long now = Instant.now().getEpochSecond();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(("{\"iss\":\"app\",\"iat\":" + now + ",\"exp\":" + (now + 180)
                + ",\"qsh\":\"context-qsh\"}").getBytes(StandardCharsets.UTF_8));
        return input + "." + b64.encodeToString(hmac(secret, input.getBytes(StandardCharsets.US_ASCII)));
    }

    static String graphNotifications(String clientState, String subscription) {
        return """
                {"value":[
                 {"subscriptionId":"%1$s","subscriptionExpirationDateTime":"2030-05-02T18:23:45.9356913+00:00",
                  "changeType":"created","resource":"Users/0fd4b8bb/Messages/AAMkADk0ZjUz=",
                  "resourceData":{"@odata.type":"#Microsoft.Graph.Message","@odata.id":"Users/0fd4b8bb/Messages/AAMkADk0ZjUz=",
                                  "@odata.etag":"W/\\"CQAAABYAAADk\\"","id":"AAMkADk0ZjUz="},
                  "clientState":"%2$s","tenantId":"84bd8158-6d4d-4958-8b9f-9d6445542f95"},
                 {"subscriptionId":"%1$s","subscriptionExpirationDateTime":"2030-05-02T18:23:45.9356913+00:00",
                  "changeType":"updated","resource":"Users/0fd4b8bb/Events/AAMkAGI1AAAt9AHjAAA=",
                  "resourceData":{"@odata.type":"#Microsoft.Graph.Event","@odata.id":"Users/0fd4b8bb/Events/AAMkAGI1AAAt9AHjAAA=",
                                  "@odata.etag":"W/\\"DwAAABYAAABx\\"","id":"AAMkAGI1AAAt9AHjAAA="},
                  "clientState":"%2$s","tenantId":"84bd8158-6d4d-4958-8b9f-9d6445542f95"}]}"""
                .formatted(subscription, clientState);
    }

    private static byte[] hmac(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
