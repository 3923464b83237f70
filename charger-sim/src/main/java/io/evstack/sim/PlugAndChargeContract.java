package io.evstack.sim;

/**
 * An ISO 15118 contract an EV of the simulation holds: its eMAID and the contract certificate chain (PEM, leaf
 * first) a 2.0.1 station forwards to the CSMS when the EV plugs in (OCPP 2.0.1 C07).
 */
public record PlugAndChargeContract(String emaid, String chainPem) {}
