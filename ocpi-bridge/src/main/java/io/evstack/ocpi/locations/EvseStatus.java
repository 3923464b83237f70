package io.evstack.ocpi.locations;

/**
 * OCPP 1.6 ChargePointStatus (section 7.7) to OCPI EvseStatus (section 8.4.22). An OCPP connector is
 * one OCPI EVSE. Preparing and Finishing hold the connector for a driver, so it is not AVAILABLE to
 * others: CHARGING ("in use"). A charger whose socket is closed gives UNKNOWN ("also used when
 * offline"); a charger reporting connector 0 Unavailable or Faulted makes every EVSE so.
 */
public final class EvseStatus {
    private EvseStatus() {}

    public static String of(String ocppStatus, String chargerStatus, boolean connected) {
        if (!connected) {
            return "UNKNOWN";
        }
        if ("Faulted".equals(chargerStatus)) {
            return "OUTOFORDER";
        }
        if ("Unavailable".equals(chargerStatus)) {
            return "INOPERATIVE";
        }
        if (ocppStatus == null) {
            return "UNKNOWN";
        }
        return switch (ocppStatus) {
            case "Available" -> "AVAILABLE";
            case "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing" -> "CHARGING";
            case "Reserved" -> "RESERVED";
            case "Unavailable" -> "INOPERATIVE";
            case "Faulted" -> "OUTOFORDER";
            default -> "UNKNOWN";
        };
    }
}
