package io.evstack.emsp;

/**
 * A refusal of the driver or fleet API, carrying the HTTP status it is answered with. Services throw it;
 * {@link EmspServer} turns it into {@code {"status": …, "error": "…"}}.
 */
public final class EmspException extends RuntimeException {
    private final int status;

    private EmspException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static EmspException badRequest(String message) {
        return new EmspException(400, message);
    }

    /** Missing, unknown, expired or revoked credentials. */
    public static EmspException unauthorized(String message) {
        return new EmspException(401, message);
    }

    /** Known caller, but the role or the company does not allow it. */
    public static EmspException forbidden(String message) {
        return new EmspException(403, message);
    }

    public static EmspException notFound(String message) {
        return new EmspException(404, message);
    }

    public static EmspException conflict(String message) {
        return new EmspException(409, message);
    }

    /** A part that is not wired or not reachable (such as the OCPI commands sender). */
    public static EmspException unavailable(String message) {
        return new EmspException(503, message);
    }
}
