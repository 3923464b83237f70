package io.evstack.emsp.account;

import java.time.Instant;

/** A new login: the bearer token is shown once, here; the server keeps only its SHA-256. */
public record Login(String token, String tokenType, Instant expiresAt, Account account) {}
