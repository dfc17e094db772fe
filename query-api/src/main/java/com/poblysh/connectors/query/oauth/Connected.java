package com.poblysh.connectors.query.oauth;

/** The outcome of a successful code exchange: the tokens and the account they act for. */
public record Connected(TokenGrant tokens, ExternalAccount account) {
}
