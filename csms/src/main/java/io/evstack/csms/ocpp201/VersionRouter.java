package io.evstack.csms.ocpp201;

import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.ocpp.server.ChargerSession;
import io.evstack.ocpp.server.IncomingCallHandler;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one handler the OCPP server takes: it hands each call to the handler of the version the session
 * negotiated (subprotocol ocpp1.6 or ocpp2.0.1), so both versions share one endpoint.
 */
public final class VersionRouter implements IncomingCallHandler {
    private final Map<OcppVersion, IncomingCallHandler> handlers;

    public VersionRouter(IncomingCallHandler ocpp16, IncomingCallHandler ocpp201) {
        this.handlers = new EnumMap<>(Map.of(OcppVersion.OCPP16, ocpp16, OcppVersion.OCPP201, ocpp201));
    }

    @Override
    public Object handle(ChargerSession session, String action, Object request) throws OcppException {
        return handlers.get(session.version()).handle(session, action, request);
    }
}
