package io.evstack.sim.ocpp;

import java.net.URI;
import java.util.Objects;

/**
 * Where one charger connects and as whom.
 *
 * @param url the full WebSocket URL, charger id included ({@code ws://host:8180/ocpp/CP-1}); wss:// for
 *     security profile 2
 * @param chargerId the charger identity, also the HTTP Basic user name
 * @param password the HTTP Basic password (security profiles 1 and 2), or null for none (profile 0)
 * @param protocol the OCPP version offered as the WebSocket subprotocol
 */
public record ChargerEndpoint(URI url, String chargerId, String password, OcppProtocol protocol) {
    public ChargerEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(chargerId, "chargerId");
        Objects.requireNonNull(protocol, "protocol");
        String scheme = url.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("not a ws:// or wss:// URL: " + url);
        }
    }

    /** An OCPP 1.6 charger. */
    public ChargerEndpoint(URI url, String chargerId, String password) {
        this(url, chargerId, password, OcppProtocol.OCPP16);
    }

    /** The endpoint of charger {@code chargerId} under a server base URL such as {@code ws://host:8180/ocpp}. */
    public static ChargerEndpoint under(URI serverBase, String chargerId, String password) {
        return under(serverBase, chargerId, password, OcppProtocol.OCPP16);
    }

    public static ChargerEndpoint under(URI serverBase, String chargerId, String password, OcppProtocol protocol) {
        String base = serverBase.toString();
        String sep = base.endsWith("/") ? "" : "/";
        return new ChargerEndpoint(URI.create(base + sep + chargerId), chargerId, password, protocol);
    }

    public ChargerEndpoint withPassword(String newPassword) {
        return new ChargerEndpoint(url, chargerId, newPassword, protocol);
    }

    public boolean tls() {
        return "wss".equalsIgnoreCase(url.getScheme());
    }

    public String host() {
        return url.getHost();
    }

    public int port() {
        return url.getPort() > 0 ? url.getPort() : tls() ? 443 : 80;
    }

    @Override
    public String toString() { // no password in logs
        return "ChargerEndpoint[" + url + ", " + chargerId + (password == null ? "" : ", with password") + ", " + protocol + "]";
    }
}
