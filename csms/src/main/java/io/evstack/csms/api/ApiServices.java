package io.evstack.csms.api;

import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.firmware.FirmwareService;
import io.evstack.csms.messagelog.MessageLog;
import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.csms.ocpp201.Ocpp201Operations;
import io.evstack.csms.reservation.ReservationService;
import io.evstack.csms.security.SecurityEventService;
import io.evstack.csms.smartcharging.ChargingProfileRepository;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpp.server.ChargerGateway;
import java.util.Objects;

/** What the operator API exposes; the gateway tells which chargers hold a socket on this node. */
public record ApiServices(
        ChargePointService chargePoints,
        AuthorizationService authorization,
        TransactionService transactions,
        ReservationService reservations,
        Ocpp16Operations operations,
        FirmwareService firmware,
        SecurityEventService securityEvents,
        MessageLog messageLog,
        ChargingProfileRepository chargingProfiles,
        ChargerGateway gateway,
        io.evstack.csms.smartcharging.site.SiteService sites,
        io.evstack.csms.smartcharging.LoadBalancer balancer,
        Ocpp201Operations operations201,
        io.evstack.csms.security.SecurityProfileUpgrade securityProfiles,
        io.evstack.csms.pki.IssuedCertificates issuedCertificates) {

    /** Without the certificates our CA issued: their routes are then not registered. */
    public ApiServices(ChargePointService chargePoints, AuthorizationService authorization,
            TransactionService transactions, ReservationService reservations, Ocpp16Operations operations,
            FirmwareService firmware, SecurityEventService securityEvents, MessageLog messageLog,
            ChargingProfileRepository chargingProfiles, ChargerGateway gateway,
            io.evstack.csms.smartcharging.site.SiteService sites, io.evstack.csms.smartcharging.LoadBalancer balancer,
            Ocpp201Operations operations201, io.evstack.csms.security.SecurityProfileUpgrade securityProfiles) {
        this(chargePoints, authorization, transactions, reservations, operations, firmware, securityEvents, messageLog,
                chargingProfiles, gateway, sites, balancer, operations201, securityProfiles, null);
    }

    /** Without the security profile upgrade: its route is then not registered. */
    public ApiServices(ChargePointService chargePoints, AuthorizationService authorization,
            TransactionService transactions, ReservationService reservations, Ocpp16Operations operations,
            FirmwareService firmware, SecurityEventService securityEvents, MessageLog messageLog,
            ChargingProfileRepository chargingProfiles, ChargerGateway gateway,
            io.evstack.csms.smartcharging.site.SiteService sites, io.evstack.csms.smartcharging.LoadBalancer balancer,
            Ocpp201Operations operations201) {
        this(chargePoints, authorization, transactions, reservations, operations, firmware, securityEvents, messageLog,
                chargingProfiles, gateway, sites, balancer, operations201, null, null);
    }

    /** Without OCPP 2.0.1: its routes are then not registered. */
    public ApiServices(ChargePointService chargePoints, AuthorizationService authorization,
            TransactionService transactions, ReservationService reservations, Ocpp16Operations operations,
            FirmwareService firmware, SecurityEventService securityEvents, MessageLog messageLog,
            ChargingProfileRepository chargingProfiles, ChargerGateway gateway,
            io.evstack.csms.smartcharging.site.SiteService sites, io.evstack.csms.smartcharging.LoadBalancer balancer) {
        this(chargePoints, authorization, transactions, reservations, operations, firmware, securityEvents, messageLog,
                chargingProfiles, gateway, sites, balancer, null, null, null);
    }

    public ApiServices {
        Objects.requireNonNull(chargePoints, "chargePoints");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(reservations, "reservations");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(securityEvents, "securityEvents");
        Objects.requireNonNull(messageLog, "messageLog");
        Objects.requireNonNull(chargingProfiles, "chargingProfiles");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(sites, "sites");
        Objects.requireNonNull(balancer, "balancer");
    }
}
