package io.evstack.ocpi;

import java.time.Duration;

/**
 * The bridge's settings. {@code publicUrl} is how other platforms reach the OCPI endpoints (without a
 * trailing slash; the versions URL is {@code publicUrl + "/ocpi/cpo/versions"}). {@code countryCode} and
 * {@code partyId} are our CPO identity (section 7.4.1). The {@code default*} values fill location
 * details the operator has not set yet. {@code commandTimeout} is how long a command waits for the
 * charger's answer before its CommandResult is TIMEOUT (section 13.3.1 announces it to the eMSP).
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
        String defaultCurrency) {

    public static OcpiConfig defaults(String publicUrl) {
        return new OcpiConfig(publicUrl, "DE", "EVS", "evstack", 100, Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(30), "DEU", "Berlin", "unknown", "52.520008",
                "13.404954", "Europe/Berlin", "EUR");
    }

    public OcpiConfig withRetry(Duration base, Duration max, Duration interval) {
        return new OcpiConfig(publicUrl, countryCode, partyId, businessName, maxPageSize, interval, base, max,
                httpTimeout, commandTimeout, defaultCountry, defaultCity, defaultAddress, defaultLatitude, defaultLongitude,
                defaultTimeZone, defaultCurrency);
    }

    public OcpiConfig withMaxPageSize(int n) {
        return new OcpiConfig(publicUrl, countryCode, partyId, businessName, n, pushInterval, retryBase, retryMax,
                httpTimeout, commandTimeout, defaultCountry, defaultCity, defaultAddress, defaultLatitude, defaultLongitude,
                defaultTimeZone, defaultCurrency);
    }

    public OcpiConfig withCommandTimeout(Duration timeout) {
        return new OcpiConfig(publicUrl, countryCode, partyId, businessName, maxPageSize, pushInterval, retryBase,
                retryMax, httpTimeout, timeout, defaultCountry, defaultCity, defaultAddress, defaultLatitude,
                defaultLongitude, defaultTimeZone, defaultCurrency);
    }

    public String versionsUrl() {
        return publicUrl + OcpiPaths.VERSIONS;
    }

    public String versionUrl() {
        return publicUrl + OcpiPaths.BASE;
    }
}
