package io.evstack.app;

import java.time.Duration;
import java.util.Map;

/**
 * The OCPI part of the configuration (STACK_OCPI_*, STACK_EMSP_PULL_INTERVAL). {@code publicUrl} null:
 * http://localhost:PORT. {@code emspPullInterval} zero: the eMSP pulls only at registration and on demand.
 * {@code commandTimeout}: how long an OCPI command or charging profile waits for the charger.
 * {@code costUpdateInterval}: the least time between two CostUpdated of one OCPP 2.0.1 transaction (the
 * running cost comes from the OCPI tariffs). {@code eventLanes}: threads turning the CSMS's events into OCPI.
 */
public record OcpiSettings(int port, String publicUrl, String countryCode, String partyId, String businessName,
        Duration emspPullInterval, Duration commandTimeout, Duration costUpdateInterval, int outboxMaxRefusals,
        Duration outboxRetention, int eventLanes) {

    static OcpiSettings from(Map<String, String> v) {
        int port;
        try {
            port = Integer.parseInt(v.get("STACK_OCPI_PORT").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("STACK_OCPI_PORT must be a whole number, not '" + v.get("STACK_OCPI_PORT") + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("STACK_OCPI_PORT must be a port number (0-65535), not " + port);
        }
        String url = v.get("STACK_OCPI_PUBLIC_URL").trim();
        String cc = v.get("STACK_OCPI_COUNTRY_CODE").trim().toUpperCase();
        String party = v.get("STACK_OCPI_PARTY_ID").trim().toUpperCase();
        if (cc.length() != 2 || party.length() != 3) {
            throw new IllegalArgumentException("STACK_OCPI_COUNTRY_CODE must be 2 letters and STACK_OCPI_PARTY_ID 3 characters");
        }
        long pull;
        try {
            pull = Long.parseLong(v.get("STACK_EMSP_PULL_INTERVAL").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("STACK_EMSP_PULL_INTERVAL must be a whole number of seconds, not '"
                    + v.get("STACK_EMSP_PULL_INTERVAL") + "'");
        }
        if (pull < 0) {
            throw new IllegalArgumentException("STACK_EMSP_PULL_INTERVAL must not be negative");
        }
        long commandTimeout;
        try {
            commandTimeout = Long.parseLong(v.getOrDefault("STACK_OCPI_COMMAND_TIMEOUT", "30").trim());
        } catch (NumberFormatException e) {
            commandTimeout = -1;
        }
        if (commandTimeout < 1) {
            throw new IllegalArgumentException("STACK_OCPI_COMMAND_TIMEOUT must be a positive number of seconds, not '"
                    + v.get("STACK_OCPI_COMMAND_TIMEOUT") + "'");
        }
        long costUpdate;
        try {
            costUpdate = Long.parseLong(v.getOrDefault("STACK_COST_UPDATE_INTERVAL", "60").trim());
        } catch (NumberFormatException e) {
            costUpdate = -1;
        }
        if (costUpdate < 0) {
            throw new IllegalArgumentException("STACK_COST_UPDATE_INTERVAL must be a whole number of seconds (0 or more), not '"
                    + v.get("STACK_COST_UPDATE_INTERVAL") + "'");
        }
        int refusals = positive(v, "STACK_OCPI_OUTBOX_MAX_REFUSALS", "10");
        int retentionDays = positive(v, "STACK_OCPI_OUTBOX_RETENTION_DAYS", "7");
        int lanes = positive(v, "STACK_OCPI_EVENT_LANES", "4");
        return new OcpiSettings(port, url.isEmpty() ? null : url.replaceAll("/+$", ""), cc, party,
                v.get("STACK_OCPI_BUSINESS_NAME"), Duration.ofSeconds(pull), Duration.ofSeconds(commandTimeout),
                Duration.ofSeconds(costUpdate), refusals, Duration.ofDays(retentionDays), lanes);
    }

    private static int positive(Map<String, String> v, String name, String defaultValue) {
        String raw = v.getOrDefault(name, defaultValue).trim();
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, not '" + raw + "'");
    }
}
