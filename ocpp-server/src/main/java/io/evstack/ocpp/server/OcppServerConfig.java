package io.evstack.ocpp.server;

import io.evstack.ocpp.OcppVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the OCPP server listens. Immutable; start from {@link #DEFAULT} or {@link #builder()}.
 *
 * @param host address to bind, 0.0.0.0 for all
 * @param port TCP port; 0 picks a free one (tests), {@link OcppServer#port()} tells which
 * @param pathPrefix the charger id is the last path segment after it: {@code /ocpp/CP-1}
 * @param acceptAnyPrefix also take the charger id as the last segment of a path under another prefix
 *     (chargers configured with a URL such as {@code /steve/websocket/CentralSystemService/CP-1})
 * @param versions the OCPP versions offered in subprotocol negotiation; the newest one a charger offers wins
 * @param pingInterval WebSocket ping after this much silence; a socket silent for three intervals is
 *     closed; {@link Duration#ZERO} turns pings off
 * @param callTimeout how long an outgoing CALL waits for its answer
 * @param maxFramePayload the largest text message accepted, in bytes
 * @param tlsKeyStore a PKCS#12 or JKS key store with the server's key and certificate; when set the server
 *     speaks TLS only (security profile 2); null for plain WebSocket (profiles 0 and 1)
 * @param tlsKeyStorePassword the key store's (and key's) password
 * @param nodeId the name of this node in a cluster, for logs and connection ids; the host name by default
 * @param tlsClientAuth whether the TLS server asks chargers for a client certificate (security profile 3)
 * @param tlsTrustStore a PKCS#12 or JKS store whose certificates are trusted to issue charger certificates;
 *     null for none
 * @param tlsTrustStorePassword its password
 * @param tlsTrustedIssuers more certificates trusted to issue charger certificates (the CSMS's own CA)
 */
public record OcppServerConfig(
        String host,
        int port,
        String pathPrefix,
        boolean acceptAnyPrefix,
        Set<OcppVersion> versions,
        Duration pingInterval,
        Duration callTimeout,
        int maxFramePayload,
        Path tlsKeyStore,
        String tlsKeyStorePassword,
        String nodeId,
        ClientAuth tlsClientAuth,
        Path tlsTrustStore,
        String tlsTrustStorePassword,
        List<X509Certificate> tlsTrustedIssuers) {

    /**
     * Whether the TLS handshake asks for a client certificate (OCPP 2.0.1 part 2 A00, security profile 3).
     * OPTIONAL lets profile-2 chargers (no certificate) and profile-3 chargers share one endpoint; a
     * certificate that is presented must still chain to a trusted issuer, else the handshake fails.
     */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    public static final OcppServerConfig DEFAULT = builder().build();

    public OcppServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        pathPrefix = normalizePrefix(Objects.requireNonNull(pathPrefix, "pathPrefix"));
        if (versions == null || versions.isEmpty()) {
            throw new IllegalArgumentException("at least one OCPP version is needed");
        }
        versions = Collections.unmodifiableSet(EnumSet.copyOf(versions));
        requireNotNegative(pingInterval, "pingInterval");
        requireNotNegative(callTimeout, "callTimeout");
        if (callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive");
        }
        if (maxFramePayload < 1024) {
            throw new IllegalArgumentException("maxFramePayload below 1 KiB: " + maxFramePayload);
        }
        if (tlsKeyStore != null && tlsKeyStorePassword == null) {
            throw new IllegalArgumentException("a TLS key store needs its password");
        }
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(tlsClientAuth, "tlsClientAuth");
        if (tlsTrustStore != null && tlsTrustStorePassword == null) {
            throw new IllegalArgumentException("a TLS trust store needs its password");
        }
        tlsTrustedIssuers = List.copyOf(Objects.requireNonNull(tlsTrustedIssuers, "tlsTrustedIssuers"));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public boolean tls() {
        return tlsKeyStore != null;
    }

    /** Whether chargers are asked for client certificates: TLS is on and client authentication is not NONE. */
    public boolean clientCertificates() {
        return tls() && tlsClientAuth != ClientAuth.NONE;
    }

    /** The newest supported version among the subprotocols a charger offers, if any. */
    public Optional<OcppVersion> negotiate(Iterable<String> offeredSubprotocols) {
        OcppVersion best = null;
        for (String offered : offeredSubprotocols) {
            OcppVersion version = OcppVersion.fromSubprotocol(offered.trim()).orElse(null);
            if (version != null && versions.contains(version) && (best == null || version.compareTo(best) > 0)) {
                best = version;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public String toString() { // no password in logs
        return "OcppServerConfig[host=" + host + ", port=" + port + ", pathPrefix=" + pathPrefix
                + ", acceptAnyPrefix=" + acceptAnyPrefix + ", versions=" + versions + ", pingInterval=" + pingInterval
                + ", callTimeout=" + callTimeout + ", maxFramePayload=" + maxFramePayload + ", tlsKeyStore="
                + tlsKeyStore + ", nodeId=" + nodeId + ", tlsClientAuth=" + tlsClientAuth + ", tlsTrustStore=" + tlsTrustStore
                + ", tlsTrustedIssuers=" + tlsTrustedIssuers.size() + "]";
    }

    private static String normalizePrefix(String prefix) {
        String p = prefix.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }

    private static void requireNotNegative(Duration d, String name) {
        if (Objects.requireNonNull(d, name).isNegative()) {
            throw new IllegalArgumentException(name + " is negative");
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "ocpp-node";
        }
    }

    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8180;
        private String pathPrefix = "/ocpp";
        private boolean acceptAnyPrefix = true;
        private Set<OcppVersion> versions = EnumSet.of(OcppVersion.OCPP16);
        private Duration pingInterval = Duration.ofSeconds(60);
        private Duration callTimeout = Duration.ofSeconds(30);
        private int maxFramePayload = 256 * 1024;
        private Path tlsKeyStore;
        private String tlsKeyStorePassword;
        private String nodeId;
        private ClientAuth tlsClientAuth = ClientAuth.NONE;
        private Path tlsTrustStore;
        private String tlsTrustStorePassword;
        private List<X509Certificate> tlsTrustedIssuers = List.of();

        private Builder() {}

        private Builder(OcppServerConfig c) {
            host = c.host;
            port = c.port;
            pathPrefix = c.pathPrefix;
            acceptAnyPrefix = c.acceptAnyPrefix;
            versions = c.versions;
            pingInterval = c.pingInterval;
            callTimeout = c.callTimeout;
            maxFramePayload = c.maxFramePayload;
            tlsKeyStore = c.tlsKeyStore;
            tlsKeyStorePassword = c.tlsKeyStorePassword;
            nodeId = c.nodeId;
            tlsClientAuth = c.tlsClientAuth;
            tlsTrustStore = c.tlsTrustStore;
            tlsTrustStorePassword = c.tlsTrustStorePassword;
            tlsTrustedIssuers = c.tlsTrustedIssuers;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder pathPrefix(String pathPrefix) {
            this.pathPrefix = pathPrefix;
            return this;
        }

        public Builder acceptAnyPrefix(boolean acceptAnyPrefix) {
            this.acceptAnyPrefix = acceptAnyPrefix;
            return this;
        }

        public Builder versions(OcppVersion... versions) {
            this.versions = versions.length == 0 ? Set.of() : EnumSet.of(versions[0], versions);
            return this;
        }

        public Builder versions(Set<OcppVersion> versions) {
            this.versions = versions;
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        public Builder maxFramePayload(int maxFramePayload) {
            this.maxFramePayload = maxFramePayload;
            return this;
        }

        /** Listen with TLS (security profile 2) using this key store; null turns TLS off. */
        public Builder tls(Path keyStore, String password) {
            this.tlsKeyStore = keyStore;
            this.tlsKeyStorePassword = password;
            return this;
        }

        /** Ask chargers for client certificates (security profile 3); needs {@link #tls} and trusted issuers. */
        public Builder tlsClientAuth(ClientAuth clientAuth) {
            this.tlsClientAuth = clientAuth;
            return this;
        }

        /** Trust the certificates in this store to issue charger certificates; null for none. */
        public Builder tlsTrustStore(Path trustStore, String password) {
            this.tlsTrustStore = trustStore;
            this.tlsTrustStorePassword = password;
            return this;
        }

        /** Trust these certificates (such as the CSMS's own CA) to issue charger certificates. */
        public Builder tlsTrustedIssuers(List<X509Certificate> issuers) {
            this.tlsTrustedIssuers = issuers;
            return this;
        }

        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        public OcppServerConfig build() {
            return new OcppServerConfig(host, port, pathPrefix, acceptAnyPrefix, versions, pingInterval, callTimeout,
                    maxFramePayload, tlsKeyStore, tlsKeyStorePassword, nodeId == null ? localHostName() : nodeId,
                    tlsClientAuth, tlsTrustStore, tlsTrustStorePassword, tlsTrustedIssuers);
        }
    }
}
