package io.evstack.ocpp;

/** The OCPP-J versions this server speaks, with the WebSocket subprotocol each is negotiated by. */
public enum OcppVersion {
    OCPP16("ocpp1.6"),
    OCPP201("ocpp2.0.1");

    private final String subprotocol;

    OcppVersion(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    public String subprotocol() {
        return subprotocol;
    }

    public static java.util.Optional<OcppVersion> fromSubprotocol(String name) {
        for (OcppVersion v : values()) {
            if (v.subprotocol.equalsIgnoreCase(name)) {
                return java.util.Optional.of(v);
            }
        }
        return java.util.Optional.empty();
    }
}
