package io.evstack.csms.authorization;

/** OCPP 1.6 AuthorizationStatus (section 7.2). */
public enum AuthorizationStatus {
    Accepted, Blocked, Expired, Invalid, ConcurrentTx
}
