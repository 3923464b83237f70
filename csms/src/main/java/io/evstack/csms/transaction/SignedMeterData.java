package io.evstack.csms.transaction;

/**
 * A signed meter value exactly as an OCPP 2.0.1 station sent it (SignedMeterValueType, 2.0.1 part 2
 * section 2.47): kept verbatim so that a driver or auditor can check the signature later.
 */
public record SignedMeterData(String signedMeterData, String signingMethod, String encodingMethod, String publicKey) {}
