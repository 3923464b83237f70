package io.evstack.csms.api;

import io.evstack.csms.security.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The operator API's one account: a user name and the {@link PasswordHasher} hash of its password.
 * A successful check is remembered as a SHA-256 of the stored hash and the password, so that only the
 * first request (and every wrong password) costs a PBKDF2 derivation.
 */
public final class ApiCredentials {
    private final String user;
    private final String passwordHash;
    private final PasswordHasher hasher;
    private volatile byte[] verified;

    public ApiCredentials(String user, String passwordHash, PasswordHasher hasher) {
        if (user == null || user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("The API user must be non-empty and contain no ':'");
        }
        this.user = user;
        Objects.requireNonNull(passwordHash, "passwordHash");
        if (!passwordHash.startsWith("pbkdf2-sha256$") || passwordHash.split("\\$").length != 4) {
            throw new IllegalArgumentException("The API password hash must be a PasswordHasher hash (pbkdf2-sha256$…)");
        }
        this.passwordHash = passwordHash;
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    public String user() {
        return user;
    }

    /** Whether these are the API's credentials. Takes about as long for a wrong user as for a wrong password. */
    public boolean check(String candidateUser, String candidatePassword) {
        if (candidateUser == null || candidatePassword == null) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(
                user.getBytes(StandardCharsets.UTF_8), candidateUser.getBytes(StandardCharsets.UTF_8));
        return passwordMatches(candidatePassword) && userMatches;
    }

    private boolean passwordMatches(String candidate) {
        byte[] memo = digest(candidate);
        byte[] known = verified;
        if (known != null && MessageDigest.isEqual(known, memo)) {
            return true;
        }
        if (hasher.verify(candidate, passwordHash)) {
            verified = memo;
            return true;
        }
        return false;
    }

    private byte[] digest(String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(passwordHash.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ApiCredentials[user=" + user + "]";
    }
}
