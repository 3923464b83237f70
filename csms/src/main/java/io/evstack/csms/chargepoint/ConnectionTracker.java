package io.evstack.csms.chargepoint;

import io.evstack.ocpp.server.ChargerSession;
import io.evstack.ocpp.server.ConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records which node holds each charger's socket, for the operator and, later, for routing. */
public final class ConnectionTracker implements ConnectionListener {
    private static final Logger log = LoggerFactory.getLogger(ConnectionTracker.class);
    private final ChargePointService chargePoints;

    public ConnectionTracker(ChargePointService chargePoints) {
        this.chargePoints = chargePoints;
    }

    @Override
    public void connected(ChargerSession session) {
        log.info("Charger {} connected ({}, security profile {}, from {})", session.chargerId(),
                session.version().subprotocol(), session.securityProfile(), session.remoteAddress());
        chargePoints.connected(session.chargerId(), session.version().subprotocol(), session.connectedAt());
    }

    @Override
    public void disconnected(ChargerSession session) {
        log.info("Charger {} disconnected", session.chargerId());
        chargePoints.disconnected(session.chargerId(), session.connectedAt());
    }
}
