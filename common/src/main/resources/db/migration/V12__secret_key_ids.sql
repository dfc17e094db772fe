-- The id of the encryption key that sealed a secret (connections.*_ciphertext, oauth_states.code_verifier_ciphertext),
-- read from the ciphertext's own header (SecretCipher: [0x02][id length][id]...), so it can never disagree with the
-- key that sealed it. '(legacy)' for secrets sealed before key ids ([0x01]...); NULL for NULL.
-- The re-encryption job selects by it; operators check a rotation with it:
--   SELECT secret_key_id(access_token_ciphertext) AS key_id, count(*) FROM connections GROUP BY 1;
CREATE FUNCTION secret_key_id(ciphertext bytea) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN length(ciphertext) >= 2 AND get_byte(ciphertext, 0) = 2
            THEN encode(substring(ciphertext FROM 3 FOR get_byte(ciphertext, 1)), 'escape')
        WHEN length(ciphertext) >= 1 AND get_byte(ciphertext, 0) = 1 THEN '(legacy)'
        ELSE '(unknown format)'
    END
$$;
