package io.evstack.emsp.billing;

/** A billing request that cannot be done, with the HTTP status that says why. */
public final class BillingException extends RuntimeException {
    private final int status;

    BillingException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static BillingException badRequest(String message) {
        return new BillingException(400, message);
    }

    static BillingException forbidden(String message) {
        return new BillingException(403, message);
    }

    static BillingException notFound(String message) {
        return new BillingException(404, message);
    }

    static BillingException conflict(String message) {
        return new BillingException(409, message);
    }
}
