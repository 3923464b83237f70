package io.evstack.ocpi.transport;

/** OCPI status codes (OCPI 2.2.1 section 5): four digits, distinct from HTTP statuses. */
public final class OcpiStatus {
    public static final int SUCCESS = 1000;
    public static final int CLIENT_ERROR = 2000;
    public static final int INVALID_PARAMETERS = 2001;
    public static final int NOT_ENOUGH_INFORMATION = 2002;
    public static final int UNKNOWN_LOCATION = 2003;
    public static final int UNKNOWN_TOKEN = 2004;
    public static final int SERVER_ERROR = 3000;
    public static final int CLIENT_API_UNUSABLE = 3001;
    public static final int UNSUPPORTED_VERSION = 3002;
    public static final int NO_MATCHING_ENDPOINTS = 3003;

    private OcpiStatus() {}
}
