package io.evstack.ocpp.rpc;

import io.evstack.ocpp.OcppVersion;

/**
 * Every CALLERROR this server sends is made here, in the spelling of the connection's version. Descriptions
 * are short and never carry a stack trace; 2.0.1 limits them to 255 characters.
 */
public final class ErrorFactory {
    private static final int MAX_DESCRIPTION = 255;

    private ErrorFactory() {}

    public static RpcMessage.CallError error(OcppVersion version, String messageId, ErrorCode code, String description) {
        return new RpcMessage.CallError(messageId, code.wireName(version), truncate(description), null);
    }

    /**
     * A malformed CALL whose id could be read: unparsable JSON or a payload that is not an object →
     * FormationViolation (1.6) / FormatViolation (2.0.1); a broken envelope → FormationViolation (1.6) /
     * RpcFrameworkError (2.0.1); an unknown message type → GenericError (1.6) / MessageTypeNotSupported (2.0.1).
     */
    public static RpcMessage.CallError malformed(OcppVersion version, String messageId, RpcFormatException problem) {
        ErrorCode code = switch (problem.problem()) {
            case NOT_JSON, PAYLOAD -> ErrorCode.FORMAT_VIOLATION;
            case ENVELOPE -> version == OcppVersion.OCPP16 ? ErrorCode.FORMAT_VIOLATION : ErrorCode.RPC_FRAMEWORK_ERROR;
            case UNKNOWN_MESSAGE_TYPE -> ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED;
        };
        return error(version, messageId, code, problem.getMessage());
    }

    public static RpcMessage.CallError notImplemented(OcppVersion version, String messageId, String action) {
        return error(version, messageId, ErrorCode.NOT_IMPLEMENTED, "Unknown action " + action);
    }

    public static RpcMessage.CallError notSupported(OcppVersion version, String messageId, String action) {
        return error(version, messageId, ErrorCode.NOT_SUPPORTED, "Action " + action + " is not supported here");
    }

    public static RpcMessage.CallError invalid(OcppVersion version, String messageId, OcppSchemas.Violation violation) {
        return error(version, messageId, violation.code(), violation.description());
    }

    /** A handler's refusal ({@link OcppException}) or failure (anything else: InternalError, no details). */
    public static RpcMessage.CallError failure(OcppVersion version, String messageId, Throwable failure) {
        if (failure instanceof OcppException e) {
            return error(version, messageId, e.errorCode(), e.getMessage());
        }
        return internalError(version, messageId);
    }

    public static RpcMessage.CallError internalError(OcppVersion version, String messageId) {
        return error(version, messageId, ErrorCode.INTERNAL_ERROR, "Internal error");
    }

    private static String truncate(String description) {
        if (description == null) {
            return "";
        }
        return description.length() <= MAX_DESCRIPTION ? description : description.substring(0, MAX_DESCRIPTION);
    }
}
