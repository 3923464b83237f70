package io.evstack.sim.ocpp;

import java.nio.file.Path;

/**
 * Which server certificates a wss:// connection (security profile 2) trusts: the JDK's default CAs, the
 * certificates in a trust store, or (tests only) anything.
 */
public record TlsTrust(Path trustStore, String trustStorePassword, boolean trustAll) {
    public static final TlsTrust SYSTEM = new TlsTrust(null, null, false);
    public static final TlsTrust TRUST_ALL = new TlsTrust(null, null, true);

    public static TlsTrust of(Path trustStore, String password) {
        return new TlsTrust(trustStore, password, false);
    }

    @Override
    public String toString() {
        return trustAll ? "TlsTrust[all]" : "TlsTrust[" + (trustStore == null ? "system" : trustStore) + "]";
    }
}
