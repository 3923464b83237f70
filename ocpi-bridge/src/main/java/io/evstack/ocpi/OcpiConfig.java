package io.evstack.ocpi;

import java.time.Duration;

/**
 * The bridge's settings. {@code publicUrl} is how other platforms reach the OCPI endpoints (without a
 * trailing slash; the versions URL is {@code publicUrl + "/ocpi/cpo/versions"}). {@code countryCode} and
 * {@code partyId} are our CPO identity (section 7.4.1). The {@code default*} values fill location
 * details the operator has not set yet. {@code commandTimeout} is how long a command waits for the
 * charger's answer before its CommandResult is TIMEOUT (section 13.3.1 announces it to the eMSP).
 * {@code maxRefusals}: how often a receiver may refuse a push for good before it is failed;
 * {@code outboxRetention}: how long delivered pushes stay in the outbox.
 */
public record OcpiConfig(
        String publicUrl,
        String countryCode,
        String partyId,
        String businessName,
        int maxPageSize,
        Duration pushInterval,
        Duration retryBase,
        Duration retryMax,
        Duration httpTimeout,
        Duration commandTimeout,
        String defaultCountry,
        String defaultCity,
        String defaultAddress,
        String defaultLatitude,
        String defaultLongitude,
        String defaultTimeZone,
        String defaultCurrency,
        int maxRefusals,
        Duration outboxRetention,
        int eventLanes) {

    /** Refusals for good (4xx, 2xxx) after which a push is failed, waiting for the operator. */
    public static final int DEFAULT_MAX_REFUSALS = 10;
    /** How long delivered pushes are kept in the outbox (for support) before they are deleted. */
    public static final Duration DEFAULT_OUTBOX_RETENTION = Duration.ofDays(7);
    /**
     * Threads handling the CSMS's events for the bridge (a charger's always on the same one). The work of an
     * event is a few dozen queries, so a lane waits on the database most of the time; with two lanes the
     * events of 1,000 chargers at 150 transactions a second queued faster than they were handled.
     */
    public static final int DEFAULT_EVENT_LANES = 4;

    /** As before the outbox settings were added: their defaults. */
    public OcpiConfig(String publicUrl, String countryCode, String partyId, String businessName, int maxPageSize,
            Duration pushInterval, Duration retryBase, Duration retryMax, Duration httpTimeout, Duration commandTimeout,
            String defaultCountry, String defaultCity, String defaultAddress, String defaultLatitude,
            String defaultLongitude, String defaultTimeZone, String defaultCurrency) {
        this(publicUrl, countryCode, partyId, businessName, maxPageSize, pushInterval, retryBase, retryMax, httpTimeout,
                commandTimeout, defaultCountry, defaultCity, defaultAddress, defaultLatitude, defaultLongitude,
                defaultTimeZone, defaultCurrency, DEFAULT_MAX_REFUSALS, DEFAULT_OUTBOX_RETENTION, DEFAULT_EVENT_LANES);
    }

    public static OcpiConfig defaults(String publicUrl) {
        return new OcpiConfig(publicUrl, "DE", "EVS", "evstack", 100, Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(30), "DEU", "Berlin", "unknown", "52.520008",
                "13.404954", "Europe/Berlin", "EUR");
    }

    public OcpiConfig withOutbox(int maxRefusals, Duration retention) {
        return new OcpiConfig(publicUrl, countryCode, partyId, businessName, maxPageSize, pushInterval, retryBase,
                retryMax, httpTimeout, commandTimeout, defaultCountry, defaultCity, defaultAddress, defaultLatitude,
                defaultLongitude, defaultTimeZone, defaultCurrency, maxRefusals, retention, eventLanes);
    }

    public OcpiConfig withRetry(Duration base, Duration max, Duration interval) {
        return new OcpiConfig(publicUrl, countryCode, partyId, businessName, maxPageSize, interval, base, max,
                httpTimeout, commandTimeout, defaultCountry, defaultCity, defaultAddress, defaultLatitude, defaultLongitude,
                defaultTimeZone, defaultCurrency, maxRefusals, outboxRetention, eventLanes);
    }

    public OcpiConfig withMaxPageSize(int n) {
        return new OcpiConfig(publicUrl, countryCode, partyId, businessName, n, pushInterval, retryBase, retryMax,
                httpTimeout, commandTimeout, defaultCountry, defaultCity, defaultAddress, defaultLatitude, defaultLongitude,
                defaultTimeZone, defaultCurrency, maxRefusals, outboxRetention, eventLanes);
    }

    public OcpiConfig withCommandTimeout(Duration timeout) {
        return new OcpiConfig(publicUrl, countryCode, partyId, businessName, maxPageSize, pushInterval, retryBase,
                retryMax, httpTimeout, timeout, defaultCountry, defaultCity, defaultAddress, defaultLatitude,
                defaultLongitude, defaultTimeZone, defaultCurrency, maxRefusals, outboxRetention, eventLanes);
    }

    /** Whether a party is this platform itself (a token of ours: no eMSP owns what is made with it). */
    public boolean isOwnParty(String countryCode, String partyId) {
        return this.countryCode.equals(countryCode) && this.partyId.equals(partyId);
    }

    public OcpiConfig withEventLanes(int lanes) {
        return new OcpiConfig(publicUrl, countryCode, partyId, businessName, maxPageSize, pushInterval, retryBase,
                retryMax, httpTimeout, commandTimeout, defaultCountry, defaultCity, defaultAddress, defaultLatitude,
                defaultLongitude, defaultTimeZone, defaultCurrency, maxRefusals, outboxRetention, lanes);
    }

    public String versionsUrl() {
        return publicUrl + OcpiPaths.VERSIONS;
    }

    public String versionUrl() {
        return publicUrl + OcpiPaths.BASE;
    }
}
