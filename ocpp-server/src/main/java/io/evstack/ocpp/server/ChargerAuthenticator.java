package io.evstack.ocpp.server;

/**
 * Decides at the WebSocket handshake whether a charger may connect (OCPP 1.6 Security Whitepaper
 * section 2, OCPP 2.0.1 part 2 A00). Called off the event loop; may block on the database.
 */
@FunctionalInterface
public interface ChargerAuthenticator {
    enum Decision { ACCEPT, UNAUTHORIZED }

    /**
     * @param password the HTTP Basic password, or null when the charger sent none
     * @param tls whether the connection came over TLS
     */
    Decision authenticate(String chargerId, String password, boolean tls);

    /**
     * As {@link #authenticate(String, String, boolean)}, knowing whether the charger presented a client
     * certificate that chains to a trusted issuer and whose subject CN is the charger id (security profile 3;
     * the server has checked both before asking). An authenticator that keeps per-charger security profiles
     * overrides this one; the default ignores the certificate.
     */
    default Decision authenticate(String chargerId, String password, boolean tls, boolean clientCertificate) {
        return authenticate(chargerId, password, tls);
    }

    /**
     * Told of a handshake the server refused on its own for this charger id (its HTTP Basic username is
     * not the charger id or unreadable; its client certificate names another charger), so that the
     * operator can see failed logins. Called off the event loop; {@code reason} never holds a password.
     * Refusals by {@link #authenticate} are the authenticator's own to record.
     */
    default void refused(String chargerId, String reason) {}

    ChargerAuthenticator ACCEPT_ALL = (id, password, tls) -> Decision.ACCEPT;
}
