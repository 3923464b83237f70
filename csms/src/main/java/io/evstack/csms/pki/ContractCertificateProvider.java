package io.evstack.csms.pki;

/**
 * Where a Get15118EVCertificate (OCPP 2.0.1 M01 install, M02 update) goes: the EV's EXI-encoded ISO 15118
 * CertificateInstallationReq / CertificateUpdateReq, which only a Contract Certificate Pool / Certificate
 * Provisioning Service (CPS) working for the EV's eMSP can answer with a signed contract certificate.
 * The CSMS passes the EXI through untouched (it is signed by the EV; OCPP M01.FR.01 forwards it as is).
 */
@FunctionalInterface
public interface ContractCertificateProvider {

    /** Get15118EVCertificateRequest's fields: the 15118 schema namespace, Install or Update, base64 EXI. */
    record Request(String chargePointId, String iso15118SchemaVersion, String action, String exiRequest) {}

    /**
     * Accepted with the base64 EXI CertificateInstallationRes / CertificateUpdateRes for the EV, or Failed
     * with a StatusInfo reason (reasonCode at most 20 characters, additionalInfo at most 512).
     */
    record Result(boolean accepted, String exiResponse, String reasonCode, String additionalInfo) {
        public static Result failed(String reasonCode, String additionalInfo) {
            return new Result(false, "", reasonCode, additionalInfo);
        }
    }

    Result provide(Request request);

    /**
     * No CPS configured: every request is Failed with a reason, never a made-up certificate. The request
     * itself is kept by the caller for the operator.
     */
    ContractCertificateProvider NONE = request -> Result.failed("NoCPSConfigured",
            "No contract certificate provider (CPS) is configured on this CSMS; the EV's "
                    + request.action() + " request was stored for the operator");
}
