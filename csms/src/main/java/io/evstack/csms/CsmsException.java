package io.evstack.csms;

/** A failure the caller can act on, with the HTTP status the operator API answers it with. */
public class CsmsException extends RuntimeException {
    public enum Kind {
        BAD_REQUEST(400), NOT_FOUND(404), CONFLICT(409), CHARGER_UNAVAILABLE(503), CHARGER_ERROR(502), TIMEOUT(504);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;

    public CsmsException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static CsmsException notFound(String what, Object id) {
        return new CsmsException(Kind.NOT_FOUND, what + " " + id + " not found");
    }

    public static CsmsException badRequest(String message) {
        return new CsmsException(Kind.BAD_REQUEST, message);
    }

    public static CsmsException conflict(String message) {
        return new CsmsException(Kind.CONFLICT, message);
    }
}
