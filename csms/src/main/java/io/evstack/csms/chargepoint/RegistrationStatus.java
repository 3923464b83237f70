package io.evstack.csms.chargepoint;

/** What BootNotification answers a charger, as the operator decided (OCPP 1.6 section 4.2). */
public enum RegistrationStatus {
    Accepted, Pending, Rejected
}
