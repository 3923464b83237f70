package io.evstack.ocpi.transport;

/**
 * A request the bridge refuses, with the HTTP status and the OCPI status code (section 5) it is
 * answered with. Section 5: a request that is valid JSON and reaches an existing resource gets HTTP 200
 * with a 2xxx/3xxx code; HTTP errors are for the transport (bad JSON 400, bad token 401, unknown object
 * on GET 404, method not allowed 405).
 */
public final class OcpiException extends RuntimeException {
    private final int httpStatus;
    private final int statusCode;

    public OcpiException(int httpStatus, int statusCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.statusCode = statusCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int statusCode() {
        return statusCode;
    }

    public static OcpiException invalid(String message) {
        return new OcpiException(200, OcpiStatus.INVALID_PARAMETERS, message);
    }

    public static OcpiException badJson(String message) {
        return new OcpiException(400, OcpiStatus.INVALID_PARAMETERS, message);
    }

    public static OcpiException unauthorized(String message) {
        return new OcpiException(401, OcpiStatus.CLIENT_ERROR, message);
    }

    public static OcpiException notFound(int statusCode, String message) {
        return new OcpiException(404, statusCode, message);
    }

    public static OcpiException methodNotAllowed(String message) {
        return new OcpiException(405, OcpiStatus.CLIENT_ERROR, message);
    }
}
