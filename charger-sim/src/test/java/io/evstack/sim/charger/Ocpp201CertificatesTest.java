package io.evstack.sim.charger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.ocpp.rpc.OcppSchemas;
import org.junit.jupiter.api.Test;

/** M03-M05: a simulated station keeps the certificates it is given and reports and deletes them by hash data. */
class Ocpp201CertificatesTest {
    /** A self-signed P-256 root made with openssl for this test (valid until 2126). */
    private static final String ROOT = """
            -----BEGIN CERTIFICATE-----
            MIIBszCCAVmgAwIBAgIUd8FbSbZHhfnXsWOHyBOhq++7Z4YwCgYIKoZIzj0EAwIw
            LjEaMBgGA1UEAwwRRVZzdGFjayBUZXN0IFJvb3QxEDAOBgNVBAoMB0VWc3RhY2sw
            IBcNMjYxMTI0MTQwNzQzWhgPMjEyNjEwMzExNDA3NDNaMC4xGjAYBgNVBAMMEUVW
            c3RhY2sgVGVzdCBSb290MRAwDgYDVQQKDAdFVnN0YWNrMFkwEwYHKoZIzj0CAQYI
            KoZIzj0DAQcDQgAEpgtSTokX2Vt/iHk8/ZypZBgcDVHBD2lFWC0PhSgs2LHt+Zf1
            BcbVaOYbMkVXLgr/989lSZWmDkV2oqFVZ3VsUKNTMFEwHQYDVR0OBBYEFIxYYUDr
            91sTwl3gIQzxsDQ6V16JMB8GA1UdIwQYMBaAFIxYYUDr91sTwl3gIQzxsDQ6V16J
            MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgGNI5TyZF5QqaMooA
            zA0v4RSmeJ9gXJWVbYTZt28ve98CIQDsShdfIAv2xbtxgbV37fipPHXyZ6TDk1W3
            4wog6FT7eg==
            -----END CERTIFICATE-----
            """;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Ocpp201Certificates certificates = new Ocpp201Certificates();

    private static JsonNode valid(String schema, JsonNode payload) {
        assertThat(OcppSchemas.shared().validate("ocpp/schemas/v201/" + schema + ".json", payload))
                .as(schema + " " + payload).isEmpty();
        return payload;
    }

    private JsonNode ids(String... types) {
        ObjectNode req = JSON.objectNode();
        if (types.length > 0) {
            var array = req.putArray("certificateType");
            for (String t : types) {
                array.add(t);
            }
        }
        return valid("GetInstalledCertificateIdsResponse", certificates.installedIds(valid("GetInstalledCertificateIdsRequest", req)));
    }

    @Test
    void installListDelete() {
        assertThat(ids().path("status").asText()).isEqualTo("NotFound");
        ObjectNode install = JSON.objectNode().put("certificateType", "CSMSRootCertificate").put("certificate", ROOT);
        assertThat(valid("InstallCertificateResponse", certificates.install(valid("InstallCertificateRequest", install)))
                .path("status").asText()).isEqualTo("Accepted");
        ObjectNode garbage = JSON.objectNode().put("certificateType", "V2GRootCertificate").put("certificate", "not a PEM");
        assertThat(certificates.install(garbage).path("status").asText()).isEqualTo("Rejected");

        JsonNode listed = ids();
        assertThat(listed.path("status").asText()).isEqualTo("Accepted");
        assertThat(listed.path("certificateHashDataChain")).hasSize(1);
        assertThat(listed.at("/certificateHashDataChain/0/certificateType").asText()).isEqualTo("CSMSRootCertificate");
        assertThat(listed.at("/certificateHashDataChain/0/certificateHashData/serialNumber").asText())
                .isEqualTo("77c15b49b64785f9d7b16387c813a1abefbb6786");
        assertThat(ids("V2GRootCertificate").path("status").asText()).as("none of that type").isEqualTo("NotFound");

        ObjectNode delete = JSON.objectNode();
        delete.set("certificateHashData", listed.at("/certificateHashDataChain/0/certificateHashData"));
        assertThat(valid("DeleteCertificateResponse", certificates.delete(valid("DeleteCertificateRequest", delete)))
                .path("status").asText()).isEqualTo("Accepted");
        assertThat(certificates.delete(delete).path("status").asText()).isEqualTo("NotFound");
        assertThat(ids().path("status").asText()).isEqualTo("NotFound");
    }
}
