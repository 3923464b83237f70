package io.evstack.emsp.account;

/** What an eMSP account may do: a driver sees their own, a fleet manager their company's, support everyone's. */
public enum Role {
    DRIVER,
    FLEET_MANAGER,
    SUPPORT
}
