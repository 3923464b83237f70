package io.evstack.sim.ocpp;

/** The CALLERROR codes of OCPP-J 1.6 (section 4.2.3), with their wire spelling (sic "Occurence"). */
public enum CallErrorCode {
    NOT_IMPLEMENTED("NotImplemented"),
    NOT_SUPPORTED("NotSupported"),
    INTERNAL_ERROR("InternalError"),
    PROTOCOL_ERROR("ProtocolError"),
    SECURITY_ERROR("SecurityError"),
    FORMATION_VIOLATION("FormationViolation"),
    PROPERTY_CONSTRAINT_VIOLATION("PropertyConstraintViolation"),
    OCCURENCE_CONSTRAINT_VIOLATION("OccurenceConstraintViolation"),
    TYPE_CONSTRAINT_VIOLATION("TypeConstraintViolation"),
    GENERIC_ERROR("GenericError");

    private final String wireName;

    CallErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static CallErrorCode fromWire(String name) {
        for (CallErrorCode code : values()) {
            if (code.wireName.equals(name)) {
                return code;
            }
        }
        return GENERIC_ERROR;
    }
}
