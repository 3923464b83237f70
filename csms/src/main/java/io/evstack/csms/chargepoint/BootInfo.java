package io.evstack.csms.chargepoint;

/** What a charger says about itself in BootNotification. */
public record BootInfo(
        String vendor,
        String model,
        String serialNumber,
        String chargeBoxSerialNumber,
        String firmwareVersion,
        String iccid,
        String imsi,
        String meterType,
        String meterSerialNumber) {

    public static final BootInfo UNKNOWN = new BootInfo(null, null, null, null, null, null, null, null, null);
}
