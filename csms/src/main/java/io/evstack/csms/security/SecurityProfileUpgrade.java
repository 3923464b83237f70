package io.evstack.csms.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.CsmsException;
import io.evstack.csms.chargepoint.ChargePoint;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.csms.ocpp201.Ocpp201Operations;
import io.evstack.ocpp.OcppJson;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.server.ChargerGateway;
import io.evstack.ocpp.server.ChargerNotConnectedException;
import io.evstack.ocpp.server.ChargerSession;
import java.io.StringWriter;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises a connected charger to a higher security profile and records it, so that from then on the
 * handshake accepts that profile only ({@link ChargerPasswordAuthenticator}).
 *
 * <p>OCPP 1.6 (Security Whitepaper section 2.4, OCTT TC_083_CSMS): InstallCertificate
 * CentralSystemRootCertificate (for TLS), ChangeConfiguration SecurityProfile, Reset Hard.
 * OCPP 2.0.1 (A05): InstallCertificate CSMSRootCertificate, SetNetworkProfile with the new profile in a
 * configuration slot, SetVariables OCPPCommCtrlr.NetworkConfigurationPriority with that slot first, Reset
 * OnIdle. The root installed is the root of the OCPP endpoint's own TLS certificate chain.
 *
 * <p>For profile 3 the charger must already hold a certificate from our CA, else it refuses the new
 * profile (it could not authenticate with it). When our CA has issued it none that is still valid, the
 * upgrade asks for one first (A02: TriggerMessage SignChargingStationCertificate; 1.6 Security Whitepaper
 * section 3.2: ExtendedTriggerMessage SignChargePointCertificate), changes nothing else and answers 409
 * saying so; our CA signs the CSR that follows, and the operator repeats the upgrade once the charger has
 * accepted CertificateSigned.
 * The new profile is recorded once the charger has accepted it and before the reset, so the reconnection
 * is judged by it.
 */
public final class SecurityProfileUpgrade {
    private static final Logger log = LoggerFactory.getLogger(SecurityProfileUpgrade.class);

    /** What the OCPP endpoint offers: TLS, client certificates, and the root of its server certificate. */
    public record Endpoint(boolean tls, boolean clientCertificates, X509Certificate root) {}

    /**
     * @param securityProfile the new profile, higher than the charger's
     * @param csmsUrl OCPP 2.0.1 only: the endpoint's URL for the new network profile, without the charger id
     *     ({@code wss://host:8180/ocpp})
     * @param configurationSlot OCPP 2.0.1 only: the network profile slot to write, 1 when left out
     */
    public record Request(Integer securityProfile, String csmsUrl, Integer configurationSlot) {}

    /** One message sent and the status the charger answered. */
    public record Step(String action, String status) {}

    public record Result(String chargePointId, String ocppVersion, int previousSecurityProfile, int securityProfile,
            List<Step> steps) {}

    private final ChargePointService chargePoints;
    private final ChargerGateway gateway;
    private final Ocpp16Operations operations16;
    private final Ocpp201Operations operations201;
    private final Supplier<Endpoint> endpoint;
    private final io.evstack.csms.pki.IssuedCertificates issuedCertificates;

    /** @param endpoint asked at each upgrade: the OCPP server that knows it starts after this is built */
    public SecurityProfileUpgrade(ChargePointService chargePoints, ChargerGateway gateway, Ocpp16Operations operations16,
            Ocpp201Operations operations201, Supplier<Endpoint> endpoint) {
        this(chargePoints, gateway, operations16, operations201, endpoint, null);
    }

    /**
     * @param issuedCertificates what our CA issued, to ask a charger without a valid certificate for a CSR
     *     before profile 3 (null: not checked)
     */
    public SecurityProfileUpgrade(ChargePointService chargePoints, ChargerGateway gateway, Ocpp16Operations operations16,
            Ocpp201Operations operations201, Supplier<Endpoint> endpoint,
            io.evstack.csms.pki.IssuedCertificates issuedCertificates) {
        this.issuedCertificates = issuedCertificates;
        this.chargePoints = chargePoints;
        this.gateway = gateway;
        this.operations16 = operations16;
        this.operations201 = operations201;
        this.endpoint = endpoint;
    }

    public Result upgrade(String chargePointId, Request request) {
        ChargePoint cp = chargePoints.get(chargePointId);
        Integer target = request.securityProfile();
        if (target == null || target < 1 || target > 3) {
            throw CsmsException.badRequest("securityProfile must be 1, 2 or 3");
        }
        if (target <= cp.securityProfile()) {
            throw CsmsException.conflict("Charge point " + chargePointId + " is at security profile " + cp.securityProfile()
                    + "; a profile can only be raised (downgrades are refused by chargers and by us)");
        }
        if (target == 1 || (target == 2 && !cp.hasPassword())) {
            throw CsmsException.conflict("Security profile " + target + " authenticates with a Basic password, and "
                    + chargePointId + " has none yet: set one first (AuthorizationKey / BasicAuthPassword)");
        }
        Endpoint ep = endpoint.get();
        if (!ep.tls() || ep.root() == null) {
            throw CsmsException.conflict("Security profile " + target + " needs TLS on the OCPP endpoint (STACK_TLS_KEYSTORE)");
        }
        if (target == 3 && !ep.clientCertificates()) {
            throw CsmsException.conflict("Security profile 3 needs client certificates on the OCPP endpoint "
                    + "(STACK_TLS_CLIENT_AUTH optional or require)");
        }
        ChargerSession session = gateway.session(chargePointId).orElseThrow(() -> new CsmsException(
                CsmsException.Kind.CHARGER_UNAVAILABLE, new ChargerNotConnectedException(chargePointId).getMessage()));
        OcppVersion version = session.version();
        if (version == OcppVersion.OCPP201 && (request.csmsUrl() == null || request.csmsUrl().isBlank())) {
            throw CsmsException.badRequest("csmsUrl is required for an OCPP 2.0.1 station: the URL of its new network "
                    + "profile, such as wss://csms.example.com:8180/ocpp");
        }
        int slot = request.configurationSlot() == null ? 1 : request.configurationSlot();
        if (slot < 0) {
            throw CsmsException.badRequest("configurationSlot must not be negative");
        }

        List<Step> steps = new ArrayList<>();
        if (target == 3 && issuedCertificates != null && !issuedCertificates.hasValid(chargePoints.requirePk(chargePointId),
                io.evstack.csms.pki.LocalCertificateAuthority.CHARGING_STATION_CERTIFICATE)) {
            JsonNode trigger = version == OcppVersion.OCPP201
                    ? send201("TriggerMessage", Map.of("requestedMessage", "SignChargingStationCertificate"), chargePointId)
                    : send16("ExtendedTriggerMessage", Map.of("requestedMessage", "SignChargePointCertificate"), chargePointId);
            String status = trigger.path("status").asText();
            String action = version == OcppVersion.OCPP201 ? "TriggerMessage" : "ExtendedTriggerMessage";
            throw CsmsException.conflict(chargePointId + " holds no valid certificate from our CA, which security profile 3 "
                    + "needs: " + action + " " + ("Accepted".equals(status)
                            ? "Accepted, so a certificate is on its way (SignCertificate, CertificateSigned); repeat the "
                                    + "upgrade once the charger has accepted it"
                            : "answered " + status + "; the charger must send SignCertificate first")
                    + ". The security profile is unchanged.");
        }
        String rootPem = pem(ep.root());
        if (version == OcppVersion.OCPP201) {
            expect(steps, "InstallCertificate", send201("InstallCertificate",
                    Map.of("certificateType", "CSMSRootCertificate", "certificate", rootPem), chargePointId), "Accepted");
            expect(steps, "SetNetworkProfile", send201("SetNetworkProfile", Map.of("configurationSlot", slot,
                    "connectionData", Map.of("ocppVersion", "OCPP20", "ocppTransport", "JSON",
                            "ocppCsmsUrl", request.csmsUrl().strip(), "messageTimeout", 30, "securityProfile", target,
                            "ocppInterface", "Wired0")), chargePointId), "Accepted");
            String priority = priorityWithFirst(slot, currentPriority(chargePointId, steps));
            expect(steps, "SetVariables", send201("SetVariables", Map.of("setVariableData", List.of(Map.of(
                    "component", Map.of("name", "OCPPCommCtrlr"),
                    "variable", Map.of("name", "NetworkConfigurationPriority"),
                    "attributeValue", priority))), chargePointId).path("setVariableResult").path(0),
                    "Accepted", "RebootRequired");
        } else {
            expect(steps, "InstallCertificate", send16("InstallCertificate",
                    Map.of("certificateType", "CentralSystemRootCertificate", "certificate", rootPem), chargePointId),
                    "Accepted");
            expect(steps, "ChangeConfiguration", send16("ChangeConfiguration",
                    Map.of("key", "SecurityProfile", "value", String.valueOf(target)), chargePointId),
                    "Accepted", "RebootRequired");
        }
        // The charger has taken the new profile: from now on only that profile is accepted at the handshake.
        chargePoints.update(chargePointId, null, null, target, null);
        log.info("Charger {} moves from security profile {} to {}", chargePointId, cp.securityProfile(), target);
        JsonNode reset = version == OcppVersion.OCPP201
                ? send201("Reset", Map.of("type", "OnIdle"), chargePointId)
                : send16("Reset", Map.of("type", "Hard"), chargePointId);
        steps.add(new Step("Reset", reset.path("status").asText()));
        return new Result(chargePointId, version.subprotocol(), cp.securityProfile(), target, List.copyOf(steps));
    }

    /** The current NetworkConfigurationPriority, or "" when the station does not say. */
    private String currentPriority(String chargePointId, List<Step> steps) {
        JsonNode result = send201("GetVariables", Map.of("getVariableData", List.of(Map.of(
                "component", Map.of("name", "OCPPCommCtrlr"),
                "variable", Map.of("name", "NetworkConfigurationPriority")))), chargePointId)
                .path("getVariableResult").path(0);
        steps.add(new Step("GetVariables", result.path("attributeStatus").asText()));
        return "Accepted".equals(result.path("attributeStatus").asText()) ? result.path("attributeValue").asText("") : "";
    }

    /** "1" first, then the slots that were there, once each: "0,1" with slot 1 gives "1,0". */
    static String priorityWithFirst(int slot, String current) {
        return Stream.concat(Stream.of(String.valueOf(slot)), Arrays.stream(current.split(","))
                        .map(String::strip).filter(s -> !s.isEmpty() && !s.equals(String.valueOf(slot))))
                .collect(Collectors.joining(","));
    }

    private static void expect(List<Step> steps, String action, JsonNode answer, String... accepted) {
        String status = answer.path("status").isMissingNode() ? answer.path("attributeStatus").asText()
                : answer.path("status").asText();
        steps.add(new Step(action, status));
        if (!List.of(accepted).contains(status)) {
            throw CsmsException.conflict(action + " answered " + status + "; the security profile is unchanged. Steps: "
                    + steps.stream().map(s -> s.action() + " " + s.status()).collect(Collectors.joining(", ")));
        }
    }

    private JsonNode send16(String action, Map<String, ?> payload, String chargePointId) {
        var operation = operations16.operations().get(action);
        Object request = OcppJson.mapper().convertValue(payload, operation.requestType());
        return answer(operation.invoke(chargePointId, request));
    }

    private JsonNode send201(String action, Map<String, ?> payload, String chargePointId) {
        if (operations201 == null) {
            throw CsmsException.conflict("OCPP 2.0.1 is not enabled");
        }
        var operation = operations201.operations().get(action);
        Object request = OcppJson.mapper().convertValue(payload, operation.requestType());
        return answer(operation.invoke(chargePointId, request));
    }

    private static JsonNode answer(CompletableFuture<?> future) {
        return OcppJson.mapper().valueToTree(Ocpp16Operations.await(future));
    }

    private static String pem(X509Certificate certificate) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(certificate);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }
}
