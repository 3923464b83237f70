package io.evstack.ocpi.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code Authorization: Token <credentials token>} header (section 4.1.2). Since 2.2-d2 the token is
 * Base64 of its UTF-8 bytes; many 2.1.1/2.2 implementations send it unencoded, which the spec says to
 * handle "by trial and error or configuration flags": incoming, we try both readings; outgoing, each
 * party has a flag.
 */
public final class TokenHeader {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHeader() {}

    /** The header value for a token we send. */
    public static String encode(String token, boolean base64) {
        return "Token " + (base64 ? Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)) : token);
    }

    /**
     * The tokens this header could carry, the Base64 reading first, then the literal one; empty when the
     * header is missing or not of the Token scheme.
     */
    public static List<String> candidates(String header) {
        List<String> out = new ArrayList<>(2);
        if (header == null || !header.regionMatches(true, 0, "Token ", 0, 6)) {
            return out;
        }
        String raw = header.substring(6).trim();
        if (raw.isEmpty()) {
            return out;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8);
            if (!decoded.isEmpty() && decoded.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                out.add(decoded);
            }
        } catch (IllegalArgumentException notBase64) {
            // the legacy unencoded form
        }
        out.add(raw);
        return out;
    }

    /** A new credentials token: 256 random bits, printable ASCII as section 7.3.1 requires (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What is stored of a token others present to us: its SHA-256 in hex. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
