package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The certificates a simulated 2.0.1 station holds, in memory (M03-M05, A02/A03): installed roots and signed
 * certificates, each identified by its CertificateHashDataType (SHA256 of the issuer name and key, the serial
 * number). A PEM that does not parse as X.509 is refused. Event loop only.
 */
final class Ocpp201Certificates {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One held certificate: its GetCertificateIdUseEnumType and its hash data. */
    private record Held(String type, String issuerNameHash, String issuerKeyHash, String serialNumber) {
        ObjectNode hashData() {
            return JSON.objectNode().put("hashAlgorithm", "SHA256").put("issuerNameHash", issuerNameHash)
                    .put("issuerKeyHash", issuerKeyHash).put("serialNumber", serialNumber);
        }
    }

    private final List<Held> held = new ArrayList<>();

    private static ObjectNode status(String status) {
        return JSON.objectNode().put("status", status);
    }

    /** M05: a root certificate of the given use; replaces one with the same hash data. */
    ObjectNode install(JsonNode req) {
        List<Held> parsed = parse(req.path("certificate").asText(), req.path("certificateType").asText());
        if (parsed.size() != 1) {
            return status("Rejected");
        }
        add(parsed.getFirst());
        return status("Accepted");
    }

    /**
     * A02/A03 and the V2G chain of 15118: the chain's leaf is what the station now uses. A V2G chain is reported by
     * GetInstalledCertificateIds (V2GCertificateChain); the station certificate is not an "installed" certificate.
     */
    ObjectNode certificateSigned(JsonNode req) {
        String use = "V2GCertificate".equals(req.path("certificateType").asText()) ? "V2GCertificateChain" : null;
        List<Held> parsed = parse(req.path("certificateChain").asText(), use);
        if (parsed.isEmpty()) {
            return status("Rejected");
        }
        if (use != null) {
            add(parsed.getFirst());
        }
        return status("Accepted");
    }

    /** M04: Accepted when a held certificate has that hash data, NotFound otherwise. */
    ObjectNode delete(JsonNode req) {
        JsonNode h = req.path("certificateHashData");
        boolean removed = held.removeIf(c -> c.issuerNameHash().equalsIgnoreCase(h.path("issuerNameHash").asText())
                && c.issuerKeyHash().equalsIgnoreCase(h.path("issuerKeyHash").asText())
                && c.serialNumber().equalsIgnoreCase(h.path("serialNumber").asText()));
        return status(removed ? "Accepted" : "NotFound");
    }

    /** M03: the held certificates of the types asked for (all without a filter); NotFound when there are none. */
    ObjectNode installedIds(JsonNode req) {
        Set<String> types = new HashSet<>();
        req.path("certificateType").forEach(t -> types.add(t.asText()));
        List<Held> matching = held.stream().filter(c -> c.type() != null && (types.isEmpty() || types.contains(c.type())))
                .toList();
        if (matching.isEmpty()) {
            return status("NotFound");
        }
        ObjectNode response = status("Accepted");
        ArrayNode chain = response.putArray("certificateHashDataChain");
        matching.forEach(c -> chain.addObject().put("certificateType", c.type()).set("certificateHashData", c.hashData()));
        return response;
    }

    private void add(Held c) {
        held.removeIf(h -> h.issuerNameHash().equals(c.issuerNameHash()) && h.serialNumber().equals(c.serialNumber()));
        held.add(c);
    }

    /**
     * The certificates of a PEM text, leaf first. issuerKeyHash is the hash of the issuer's public key: the
     * certificate's own for a self-signed one, else that of the next certificate in the chain, else (issuer not
     * sent) the certificate's own key as the best the station knows.
     */
    private static List<Held> parse(String pem, String type) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            for (var c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                certs.add((X509Certificate) c);
            }
        } catch (CertificateException | ClassCastException e) {
            return List.of();
        }
        List<Held> result = new ArrayList<>();
        for (int i = 0; i < certs.size(); i++) {
            X509Certificate c = certs.get(i);
            X509Certificate issuer = i + 1 < certs.size() ? certs.get(i + 1) : c;
            result.add(new Held(type, sha256(c.getIssuerX500Principal().getEncoded()),
                    sha256(issuer.getPublicKey().getEncoded()), c.getSerialNumber().toString(16)));
        }
        return result;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
