package com.poblysh.connectors.ingest.webhook.jira;

import static com.poblysh.connectors.ingest.webhook.HmacSignature.hmacSha256;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.ingest.webhook.RawWebhook;
import com.poblysh.connectors.ingest.webhook.Verification;
import com.poblysh.connectors.ingest.webhook.WebhookSecret;
import com.poblysh.connectors.ingest.webhook.WebhookSecrets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JWT Jira puts in {@code Authorization} of app webhooks, signed HS256, checked by hand: the signature first
 * (nothing of an unauthenticated token is parsed), then the claims, by the kind of app ({@link Kind}):
 * <ul>
 * <li>{@code alg} = HS256 and {@code exp} present and not past (30 s skew) for both;</li>
 * <li>{@code qsh}: a Connect app's webhook carries the query string hash of the very request (Atlassian's
 * server-to-server token), so it is required and must match; {@code context-qsh} marks the context token Atlassian
 * hands to browsers, which is never a webhook token and is refused for both kinds; an OAuth 2.0 app's token need
 * not carry one, but one it carries must match;</li>
 * <li>{@code iat} required (Connect) or, when present, not in the future (OAuth 2.0);</li>
 * <li>{@code iss} required: it is the identity of the installation (a Connect app's {@code clientKey}), and the
 * delivery is accepted only for a connection bound to it ({@link IdentityKind#JIRA_JWT_ISSUER}).</li>
 * </ul>
 */
final class JiraJwt {

    /** The two kinds of Jira app webhooks, told apart by the {@code Authorization} scheme. */
    enum Kind {
        /** {@code Authorization: JWT <token>}, signed with the installation's shared secret. */
        CONNECT,
        /** {@code Authorization: Bearer <token>}, signed with the OAuth 2.0 app's client secret. */
        OAUTH
    }

    /** A token and the kind of app its scheme says sent it. */
    record Presented(Kind kind, String token) {
    }

    /** Clock difference tolerated between Atlassian and us. */
    static final Duration SKEW = Duration.ofSeconds(30);
    static final String CONTEXT_QSH = "context-qsh";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final int MAX_TOKEN_CHARS = 8192;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Clock clock;

    JiraJwt(Clock clock) {
        this.clock = clock;
    }

    /** The token of an {@code Authorization: JWT <token>} or {@code Bearer <token>} header, if it has that form. */
    static Optional<Presented> token(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.trim();
        if (value.regionMatches(true, 0, "JWT ", 0, 4)) {
            return Optional.of(new Presented(Kind.CONNECT, value.substring(4).trim()));
        }
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(new Presented(Kind.OAUTH, value.substring(7).trim()));
        }
        return Optional.empty();
    }

    Verification verify(Presented presented, RawWebhook request, WebhookSecrets secrets,
            List<WebhookSecret> configured) {
        String token = presented.token();
        if (token.length() > MAX_TOKEN_CHARS || !TOKEN.matcher(token).matches()) {
            return Verification.rejected("malformed JWT");
        }
        int lastDot = token.lastIndexOf('.');
        byte[] signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            return Verification.rejected("malformed JWT signature");
        }
        List<WebhookSecret> matched = secrets.matching(configured,
                s -> MessageDigest.isEqual(hmacSha256(s, signingInput), signature));
        if (matched.isEmpty()) {
            return Verification.rejected("no secret produces this JWT signature");
        }
        String[] parts = token.split("\\.");
        JsonNode header;
        JsonNode claims;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (JacksonException | IllegalArgumentException e) {
            return Verification.rejected("JWT header or claims are not JSON");
        }
        if (!"HS256".equals(header.path("alg").asString(null))) {
            return Verification.rejected("JWT alg is not HS256");
        }
        long now = clock.instant().getEpochSecond();
        JsonNode exp = claims.path("exp");
        if (!exp.isIntegralNumber() || now > exp.asLong() + SKEW.toSeconds()) {
            return Verification.rejected("JWT has no exp or is expired");
        }
        JsonNode iat = claims.path("iat");
        if (presented.kind() == Kind.CONNECT && !iat.isIntegralNumber()) {
            return Verification.rejected("Connect JWT has no iat");
        }
        if (!iat.isMissingNode() && (!iat.isNumber() || iat.asLong() > now + SKEW.toSeconds())) {
            return Verification.rejected("JWT issued in the future");
        }
        String qshRejection = qsh(presented.kind(), claims.path("qsh"), request);
        if (qshRejection != null) {
            return Verification.rejected(qshRejection);
        }
        JsonNode iss = claims.path("iss");
        if (!iss.isString() || !ExternalIdentity.isValid(iss.stringValue())) {
            return Verification.rejected("JWT has no iss");
        }
        return Verification.verified(matched)
                .requiring(Set.of(ExternalIdentity.of(IdentityKind.JIRA_JWT_ISSUER, iss.stringValue())));
    }

    /** Why the {@code qsh} claim disqualifies the token, or null when it does not. */
    private static String qsh(Kind kind, JsonNode qsh, RawWebhook request) {
        if (qsh.isMissingNode() || qsh.isNull()) {
            return kind == Kind.CONNECT ? "Connect JWT has no qsh: not a webhook token" : null;
        }
        if (!qsh.isString()) {
            return "JWT qsh is not a string";
        }
        if (CONTEXT_QSH.equals(qsh.stringValue())) {
            return "JWT is a context token (context-qsh), not a webhook token";
        }
        if (!qsh.stringValue().equals(queryStringHash(request.method(), request.path(), request.query()))) {
            return "JWT qsh does not match the request";
        }
        return null;
    }

    /** Atlassian's query string hash: hex SHA-256 of {@code METHOD&canonical-path&canonical-query}. */
    static String queryStringHash(String method, String path, String rawQuery) {
        String canonical = method.toUpperCase(java.util.Locale.ROOT) + "&" + canonicalPath(path) + "&"
                + canonicalQuery(rawQuery);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonicalPath(String path) {
        String p = path == null || path.isEmpty() ? "/" : path;
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.replace("&", "%26");
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        Map<String, List<String>> params = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!"jwt".equals(name)) {
                params.computeIfAbsent(encode(name), k -> new ArrayList<>()).add(encode(value));
            }
        }
        List<String> joined = new ArrayList<>();
        params.forEach((name, values) -> {
            values.sort(null);
            joined.add(name + "=" + String.join(",", values));
        });
        return String.join("&", joined);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** RFC 3986 percent-encoding: unreserved characters stay, everything else (space too) is %XX. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }
}
