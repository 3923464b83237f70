package io.evstack.ocpp.rpc;

import io.evstack.ocpp.OcppVersion;

/**
 * CALLERROR codes (OCPP-J 1.6 section 4.2.3, OCPP 2.0.1 part 4 section 4.3), with each version's spelling:
 * 1.6 writes FormationViolation and OccurenceConstraintViolation (sic), 2.0.1 FormatViolation and
 * OccurrenceConstraintViolation. Codes that exist only in 2.0.1 fall back to GenericError on 1.6.
 */
public enum ErrorCode {
    NOT_IMPLEMENTED("NotImplemented", "NotImplemented"),
    NOT_SUPPORTED("NotSupported", "NotSupported"),
    INTERNAL_ERROR("InternalError", "InternalError"),
    PROTOCOL_ERROR("ProtocolError", "ProtocolError"),
    SECURITY_ERROR("SecurityError", "SecurityError"),
    FORMAT_VIOLATION("FormationViolation", "FormatViolation"),
    PROPERTY_CONSTRAINT_VIOLATION("PropertyConstraintViolation", "PropertyConstraintViolation"),
    OCCURRENCE_CONSTRAINT_VIOLATION("OccurenceConstraintViolation", "OccurrenceConstraintViolation"),
    TYPE_CONSTRAINT_VIOLATION("TypeConstraintViolation", "TypeConstraintViolation"),
    GENERIC_ERROR("GenericError", "GenericError"),
    MESSAGE_TYPE_NOT_SUPPORTED("GenericError", "MessageTypeNotSupported"),
    RPC_FRAMEWORK_ERROR("GenericError", "RpcFrameworkError");

    private final String ocpp16;
    private final String ocpp201;

    ErrorCode(String ocpp16, String ocpp201) {
        this.ocpp16 = ocpp16;
        this.ocpp201 = ocpp201;
    }

    /** The code as written on the wire for this version. */
    public String wireName(OcppVersion version) {
        return version == OcppVersion.OCPP16 ? ocpp16 : ocpp201;
    }

    /** Reads a code as either version writes it; unknown codes become GENERIC_ERROR. */
    public static ErrorCode fromWire(String name) {
        for (ErrorCode c : values()) {
            if (c.ocpp16.equals(name) || c.ocpp201.equals(name)) {
                return c;
            }
        }
        return GENERIC_ERROR;
    }
}
