package com.poblysh.connectors.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A signature header of the form {@code <prefix><64 hex digits of HMAC-SHA256(secret, signed bytes)>}, as GitHub
 * ({@code X-Hub-Signature-256: sha256=…}), Slack ({@code X-Slack-Signature: v0=…}) and Jira admin webhooks
 * ({@code X-Hub-Signature: sha256=…}) send it.
 *
 * @param header the header's name, for rejection reasons
 * @param prefix what precedes the hex digits
 */
public record HmacSignature(String header, String prefix) {

    private static final int HEX_DIGITS = 64;
    private static final String ALGORITHM = "HmacSHA256";
    /** One Mac per thread: looking the algorithm up among the security providers cost more than the HMAC itself. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(HmacSignature::newMac);

    /**
     * Whether {@code value} (the header's one value) is the HMAC of {@code signed} under candidate secrets (see
     * {@link WebhookSecrets#matching}), compared in constant time; verified names every secret that produces it.
     */
    public Verification verify(String value, byte[] signed, Collection<WebhookSecret> configured,
            WebhookSecrets secrets) {
        String trimmed = value.trim();
        if (!trimmed.startsWith(prefix) || trimmed.length() != prefix.length() + HEX_DIGITS) {
            return Verification.rejected("malformed " + header);
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(trimmed, prefix.length(), trimmed.length());
        } catch (IllegalArgumentException e) {
            return Verification.rejected("malformed " + header);
        }
        List<WebhookSecret> matched = secrets.matching(configured,
                secret -> MessageDigest.isEqual(hmacSha256(secret, signed), presented));
        return matched.isEmpty() ? Verification.rejected("no secret produces this signature")
                : Verification.verified(matched);
    }

    /** HMAC-SHA256 of {@code data} keyed with the UTF-8 bytes of {@code secret}, as every provider keys it. */
    public static byte[] hmacSha256(String secret, byte[] data) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(data);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 refused its key", e);
        }
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
