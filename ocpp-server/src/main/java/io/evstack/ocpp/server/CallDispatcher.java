package io.evstack.ocpp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.ErrorCode;
import io.evstack.ocpp.rpc.ErrorFactory;
import io.evstack.ocpp.rpc.MessageTypes;
import io.evstack.ocpp.rpc.MessageTypes.ActionType;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.ocpp.rpc.OcppSchemas;
import io.evstack.ocpp.rpc.RpcMessage;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one incoming CALL into its answer: look the action up, validate the payload, bind it to the generated
 * class, run the handler, validate what it returned. Runs on a virtual thread (the handler may block);
 * every failure becomes a CALLERROR through {@link ErrorFactory}.
 */
final class CallDispatcher {
    private static final Logger log = LoggerFactory.getLogger(CallDispatcher.class);

    private final IncomingCallHandler handler;
    private final OcppSchemas schemas;
    private final ObjectMapper mapper;

    CallDispatcher(IncomingCallHandler handler, OcppSchemas schemas, ObjectMapper mapper) {
        this.handler = handler;
        this.schemas = schemas;
        this.mapper = mapper;
    }

    RpcMessage dispatch(ChargerSession session, RpcMessage.Call call) {
        OcppVersion version = session.version();
        String id = call.messageId();
        Optional<ActionType> found = MessageTypes.find(version, call.action());
        if (found.isEmpty()) {
            return ErrorFactory.notImplemented(version, id, call.action());
        }
        ActionType type = found.get();
        if (!type.initiator().charger()) {
            return ErrorFactory.notSupported(version, id, call.action());
        }
        Optional<OcppSchemas.Violation> invalid = schemas.validateRequest(version, type, call.payload());
        if (invalid.isPresent()) {
            log.info("{}: invalid {} {}: {}", session.chargerId(), call.action(), id, invalid.get().description());
            return ErrorFactory.invalid(version, id, invalid.get());
        }
        Object request;
        try {
            request = mapper.treeToValue(call.payload(), type.requestType());
        } catch (Exception e) { // valid by the schema, yet out of the class's range (an integer above 2^31)
            log.info("{}: cannot bind {} {}: {}", session.chargerId(), call.action(), id, e.getMessage());
            return ErrorFactory.error(version, id, ErrorCode.TYPE_CONSTRAINT_VIOLATION, "Value out of range");
        }
        Object response;
        try {
            response = handler.handle(session, call.action(), request);
        } catch (OcppException e) {
            return ErrorFactory.failure(version, id, e);
        } catch (Exception e) {
            log.error("{}: handler failed on {} {}", session.chargerId(), call.action(), id, e);
            return ErrorFactory.internalError(version, id);
        }
        return result(session, call, type, response);
    }

    private RpcMessage result(ChargerSession session, RpcMessage.Call call, ActionType type, Object response) {
        OcppVersion version = session.version();
        if (response == null) {
            log.error("{}: handler returned null for {} {}", session.chargerId(), call.action(), call.messageId());
            return ErrorFactory.internalError(version, call.messageId());
        }
        JsonNode payload;
        try {
            payload = mapper.valueToTree(response);
        } catch (IllegalArgumentException e) {
            log.error("{}: cannot serialize the {} response", session.chargerId(), call.action(), e);
            return ErrorFactory.internalError(version, call.messageId());
        }
        Optional<OcppSchemas.Violation> invalid = schemas.validateResponse(version, type, payload);
        if (invalid.isPresent()) { // never send an invalid payload
            log.error("{}: handler's {} response is invalid ({}), answering InternalError: {}",
                    session.chargerId(), call.action(), invalid.get().description(), payload);
            return ErrorFactory.internalError(version, call.messageId());
        }
        return new RpcMessage.CallResult(call.messageId(), payload);
    }
}
