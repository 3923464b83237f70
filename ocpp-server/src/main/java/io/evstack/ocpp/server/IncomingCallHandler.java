package io.evstack.ocpp.server;

import io.evstack.ocpp.rpc.OcppException;

/**
 * The domain's side of incoming CALLs. The server has already validated the payload against the
 * action's schema and parsed it into the generated request class of the session's version
 * (io.evstack.ocpp.v16.BootNotification, ...). Runs on a virtual thread: it may block.
 */
@FunctionalInterface
public interface IncomingCallHandler {
    /**
     * @return the response payload, an instance of the action's generated response class; the server
     *     validates it against the response schema before sending
     * @throws OcppException to answer with that CALLERROR; any other exception becomes InternalError
     */
    Object handle(ChargerSession session, String action, Object request) throws OcppException;
}
