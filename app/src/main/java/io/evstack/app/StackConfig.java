package io.evstack.app;

import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.smartcharging.LoadBalancer;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The stack's configuration. Every setting has a default, may be set in a properties file
 * ({@code stack.properties} in the working directory, or the file {@code STACK_CONFIG} names) under its
 * environment variable's name, and is overridden by that environment variable.
 */
public record StackConfig(
        int ocppPort,
        int httpPort,
        String ocppPathPrefix,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        UnknownChargerPolicy unknownChargers,
        String adminUser,
        String adminPassword,
        int heartbeatIntervalSeconds,
        Duration pingInterval,
        Duration callTimeout,
        Duration messageLogRetention,
        String nodeId,
        Path tlsKeystore,
        String tlsKeystorePassword,
        Path dataDir,
        OcpiSettings ocpi,
        EmspSettings emsp,
        SecuritySettings security,
        LoadBalancer.Settings balancer) {

    /** Every recognised name, its default and what it means: the README's table is made from this. */
    public static final Map<String, String[]> SETTINGS = new java.util.LinkedHashMap<>();

    static {
        def("STACK_OCPP_PORT", "8180", "port of the OCPP WebSocket endpoint ws://HOST:PORT/ocpp/{chargePointId}");
        def("STACK_HTTP_PORT", "8080", "port of the operator REST API, its OpenAPI document and /metrics");
        def("STACK_OCPP_PATH", "/ocpp", "path prefix before the charge point id");
        def("STACK_DATA_DIR", "./data", "where the embedded database lives");
        def("STACK_DB_URL", "", "JDBC URL (jdbc:h2:…, jdbc:mariadb:…, jdbc:mysql:…); empty = H2 file under STACK_DATA_DIR");
        def("STACK_DB_USER", "", "database user");
        def("STACK_DB_PASSWORD", "", "database password");
        def("STACK_DB_POOL_SIZE", "16", "connection pool size");
        def("STACK_UNKNOWN_CHARGERS", "pending", "BootNotification answer to unregistered chargers: accept | pending | reject");
        def("STACK_ADMIN_USER", "admin", "operator API user (HTTP Basic)");
        def("STACK_ADMIN_PASSWORD", "", "operator API password; generated and printed at start when empty");
        def("STACK_HEARTBEAT_INTERVAL", "300", "heartbeat interval given to accepted chargers, seconds");
        def("STACK_PING_INTERVAL", "60", "WebSocket ping interval, seconds; a socket silent for three is closed");
        def("STACK_CALL_TIMEOUT", "30", "how long an operation waits for the charger's answer, seconds");
        def("STACK_MESSAGE_LOG_RETENTION_DAYS", "30", "how long the OCPP frame log is kept, days");
        def("STACK_NODE_ID", "", "this node's name in a cluster; empty = host name");
        def("STACK_TLS_KEYSTORE", "", "PKCS12 keystore for wss:// (security profile 2); empty = plain ws://");
        def("STACK_TLS_KEYSTORE_PASSWORD", "", "its password");
        def("STACK_TLS_CLIENT_AUTH", "optional", "with TLS, ask chargers for client certificates (security profile 3): "
                + "none | optional | require (require refuses TLS chargers without one)");
        def("STACK_TLS_TRUSTSTORE", "", "PKCS12 store of further CAs trusted to issue charger certificates, besides our own CA");
        def("STACK_TLS_TRUSTSTORE_PASSWORD", "", "its password");
        def("STACK_CA_KEYSTORE", "", "PKCS12 file keeping the CA that signs chargers' certificates, made on first start; "
                + "empty = ca.p12 under STACK_DATA_DIR");
        def("STACK_OCSP_RESPONDER_HOSTS", "", "hosts (comma-separated) of OCSP responders the CSMS may call for stations' "
                + "GetCertificateStatus although they are not public (loopback, private, link-local); public hosts need no listing");
        def("STACK_CA_KEYSTORE_PASSWORD", "", "its password; empty = generated on first start into <file>.password (owner-only)");
        def("STACK_CONTRACT_ROOTS", "", "PEM file of the V2G and Mobility Operator root certificates trusted for Plug & Charge "
                + "(OCPP 2.0.1 C07), besides our own eMSP's MO root; read at each check");
        def("STACK_OCPI_PORT", "8090", "port of the OCPI 2.2.1 endpoints (versions at /ocpi/cpo/versions) and /ocpi/admin");
        def("STACK_OCPI_PUBLIC_URL", "", "how other platforms reach the OCPI port, e.g. https://ocpi.example.com; empty = http://localhost:PORT");
        def("STACK_OCPI_COUNTRY_CODE", "DE", "our OCPI country code (ISO 3166 alpha-2)");
        def("STACK_OCPI_PARTY_ID", "EVS", "our OCPI CPO party id (3 characters)");
        def("STACK_OCPI_BUSINESS_NAME", "evstack", "our business name in the OCPI credentials");
        def("STACK_EMSP_PORT", "8091", "port of the eMSP: driver and fleet APIs (/api/v1/driver, /api/v1/fleet, /openapi.json) and its OCPI endpoints (/ocpi/emsp/versions)");
        def("STACK_EMSP_PUBLIC_URL", "", "how CPOs reach the eMSP port; empty = http://localhost:PORT");
        def("STACK_EMSP_LOGIN_HOURS", "12", "how long a driver or fleet login (bearer token) is accepted, hours");
        def("STACK_EMSP_SUPPORT_EMAIL", "", "the first eMSP SUPPORT account, created at start if no account has this e-mail");
        def("STACK_EMSP_SUPPORT_PASSWORD", "", "its initial password (at least 10 characters)");
        def("STACK_EMSP_CONTRACT_CA_KEYSTORE", "", "PKCS12 file keeping the eMSP's contract-certificate CA (MO root and sub-CA, "
                + "Plug & Charge), made on first start; empty = emsp-contract-ca.p12 under STACK_DATA_DIR");
        def("STACK_EMSP_CONTRACT_CA_KEYSTORE_PASSWORD", "", "its password; empty = generated on first start into <file>.password (owner-only)");
        def("STACK_EMSP_CPOS_FILE", "", "JSON file of external CPOs the eMSP registers with at start, if not registered yet: "
                + "[{\"name\", \"versionsUrl\", \"tokenA\", \"countryCode\", \"partyId\"}]; empty = none");
        def("STACK_EMSP_PULL_INTERVAL", "900", "how often the eMSP pulls locations, sessions, CDRs and tariffs from its CPOs, seconds (0 = only at registration)");
        def("STACK_OCPI_COMMAND_TIMEOUT", "30", "seconds an OCPI command waits for the charger before its result is TIMEOUT");
        def("STACK_COST_UPDATE_INTERVAL", "60", "least seconds between two CostUpdated of one OCPP 2.0.1 transaction (I02)");
        def("STACK_BALANCER_PERIOD_MS", "30000", "how often the depot balancer recomputes every site without an event, milliseconds");
        def("STACK_BALANCER_PROFILE_TTL", "600", "how long a balancer TxProfile lasts unless renewed (an offline charger then falls back), seconds");
        def("STACK_BALANCER_ANSWER_TIMEOUT_MS", "35000", "how long a balancing round waits for chargers to accept lower limits before raising others, milliseconds");
        def("STACK_BALANCER_MARGIN_PCT", "2", "headroom the depot balancer keeps free below every site and circuit limit "
                + "(meter error, ramp-up overshoot), percent of the limit (0 to below 100; decimals allowed)");
        def("STACK_OCPI_OUTBOX_MAX_REFUSALS", "10", "times a platform may refuse an OCPI push for good (HTTP 4xx, OCPI 2xxx) before it is failed, kept for the operator (/ocpi/admin/outbox)");
        def("STACK_OCPI_EVENT_LANES", "4", "threads turning the CSMS's events into OCPI pushes (a charger's events always on the same one)");
        def("STACK_OCPI_OUTBOX_RETENTION_DAYS", "7", "days delivered OCPI pushes stay in the outbox before they are deleted (unsent and failed ones stay)");
    }

    private static void def(String name, String defaultValue, String meaning) {
        SETTINGS.put(name, new String[] {defaultValue, meaning});
    }

    public static StackConfig load(Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        SETTINGS.forEach((k, v) -> values.put(k, v[0]));
        Path file = Path.of(env.getOrDefault("STACK_CONFIG", "stack.properties"));
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read configuration file " + file + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> values.put(k.trim(), p.getProperty(k).trim()));
        } else if (env.containsKey("STACK_CONFIG")) {
            throw new IllegalArgumentException("STACK_CONFIG names " + file + ", which does not exist");
        }
        env.forEach((k, v) -> {
            if (SETTINGS.containsKey(k)) {
                values.put(k, v);
            }
        });
        return from(values);
    }

    static StackConfig from(Map<String, String> v) {
        Path dataDir = Path.of(v.get("STACK_DATA_DIR"));
        String nodeId = v.get("STACK_NODE_ID").isBlank() ? hostName() : v.get("STACK_NODE_ID");
        return new StackConfig(
                port(v, "STACK_OCPP_PORT"),
                port(v, "STACK_HTTP_PORT"),
                v.get("STACK_OCPP_PATH"),
                v.get("STACK_DB_URL").isBlank() ? null : v.get("STACK_DB_URL"),
                v.get("STACK_DB_USER"),
                v.get("STACK_DB_PASSWORD"),
                positive(v, "STACK_DB_POOL_SIZE"),
                UnknownChargerPolicy.parse(v.get("STACK_UNKNOWN_CHARGERS")),
                v.get("STACK_ADMIN_USER"),
                v.get("STACK_ADMIN_PASSWORD").isBlank() ? null : v.get("STACK_ADMIN_PASSWORD"),
                positive(v, "STACK_HEARTBEAT_INTERVAL"),
                Duration.ofSeconds(positive(v, "STACK_PING_INTERVAL")),
                Duration.ofSeconds(positive(v, "STACK_CALL_TIMEOUT")),
                Duration.ofDays(positive(v, "STACK_MESSAGE_LOG_RETENTION_DAYS")),
                nodeId,
                v.get("STACK_TLS_KEYSTORE").isBlank() ? null : Path.of(v.get("STACK_TLS_KEYSTORE")),
                v.get("STACK_TLS_KEYSTORE_PASSWORD"),
                dataDir,
                OcpiSettings.from(v),
                EmspSettings.from(v, dataDir),
                SecuritySettings.from(v, dataDir),
                new LoadBalancer.Settings(Duration.ofMillis(positive(v, "STACK_BALANCER_PERIOD_MS")),
                        Duration.ofSeconds(positive(v, "STACK_BALANCER_PROFILE_TTL")),
                        Duration.ofMillis(positive(v, "STACK_BALANCER_ANSWER_TIMEOUT_MS")),
                        percent(v, "STACK_BALANCER_MARGIN_PCT")));
    }

    public StackConfig withAdminPassword(String password) {
        return new StackConfig(ocppPort, httpPort, ocppPathPrefix, dbUrl, dbUser, dbPassword, dbPoolSize,
                unknownChargers, adminUser, password, heartbeatIntervalSeconds, pingInterval, callTimeout,
                messageLogRetention, nodeId, tlsKeystore, tlsKeystorePassword, dataDir, ocpi, emsp, security, balancer);
    }

    public StackConfig withEmsp(EmspSettings emspSettings) {
        return new StackConfig(ocppPort, httpPort, ocppPathPrefix, dbUrl, dbUser, dbPassword, dbPoolSize,
                unknownChargers, adminUser, adminPassword, heartbeatIntervalSeconds, pingInterval, callTimeout,
                messageLogRetention, nodeId, tlsKeystore, tlsKeystorePassword, dataDir, ocpi, emspSettings, security, balancer);
    }

    public StackConfig withUnknownChargers(UnknownChargerPolicy policy) {
        return new StackConfig(ocppPort, httpPort, ocppPathPrefix, dbUrl, dbUser, dbPassword, dbPoolSize,
                policy, adminUser, adminPassword, heartbeatIntervalSeconds, pingInterval, callTimeout,
                messageLogRetention, nodeId, tlsKeystore, tlsKeystorePassword, dataDir, ocpi, emsp, security, balancer);
    }

    private static int port(Map<String, String> v, String name) {
        int p = integer(v, name);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(name + " must be a port number (0-65535), not " + p);
        }
        return p;
    }

    private static int positive(Map<String, String> v, String name) {
        int n = integer(v, name);
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + n);
        }
        return n;
    }

    private static double percent(Map<String, String> v, String name) {
        double p;
        try {
            p = Double.parseDouble(v.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + v.get(name) + "'");
        }
        if (!(p >= 0 && p < 100)) {
            throw new IllegalArgumentException(name + " must be at least 0 and below 100, not " + p);
        }
        return p;
    }

    private static int integer(Map<String, String> v, String name) {
        try {
            return Integer.parseInt(v.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + v.get(name) + "'");
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "node-1";
        }
    }

    @Override
    public String toString() {
        // Never print the passwords.
        return "StackConfig[ocppPort=" + ocppPort + ", httpPort=" + httpPort + ", db=" + (dbUrl == null ? "H2 in " + dataDir : dbUrl)
                + ", unknownChargers=" + unknownChargers + ", nodeId=" + nodeId + "]";
    }
}
