package io.evstack.csms.chargepoint;

import java.util.Locale;

/** STACK_UNKNOWN_CHARGERS: how BootNotification treats a charger nobody registered. */
public enum UnknownChargerPolicy {
    ACCEPT(RegistrationStatus.Accepted),
    PENDING(RegistrationStatus.Pending),
    REJECT(RegistrationStatus.Rejected);

    private final RegistrationStatus status;

    UnknownChargerPolicy(RegistrationStatus status) {
        this.status = status;
    }

    public RegistrationStatus registrationStatus() {
        return status;
    }

    public static UnknownChargerPolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("STACK_UNKNOWN_CHARGERS must be accept, pending or reject, not '" + value + "'");
        }
    }
}
