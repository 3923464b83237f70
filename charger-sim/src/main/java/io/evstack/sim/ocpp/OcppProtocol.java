package io.evstack.sim.ocpp;

import java.util.Arrays;

/** The OCPP-J version a simulated charger speaks, by its WebSocket subprotocol (OCPP-J 1.6 section 3.1.2, 2.0.1 part 4 section 3.1). */
public enum OcppProtocol {
    OCPP16("ocpp1.6"),
    OCPP201("ocpp2.0.1");

    private final String subprotocol;

    OcppProtocol(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    public String subprotocol() {
        return subprotocol;
    }

    /** By subprotocol name ({@code ocpp1.6}, {@code ocpp2.0.1}) as scenario files and the command line spell it. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static OcppProtocol of(String name) {
        return Arrays.stream(values()).filter(p -> p.subprotocol.equalsIgnoreCase(name) || p.name().equalsIgnoreCase(name))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown protocol " + name
                        + " (ocpp1.6 or ocpp2.0.1)"));
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
        return subprotocol;
    }
}
