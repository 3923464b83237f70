package io.evstack.sim.ocpp;

import java.time.Duration;
import java.util.Objects;

/**
 * How every charger of one {@link OcppClientGroup} talks to the server. Immutable; start from
 * {@link #DEFAULT} and change with the {@code withX} methods.
 *
 * @param ioThreads event loop threads shared by all chargers (0: Netty's default, twice the cores)
 */
public record ClientOptions(
        Duration callTimeout,
        Duration connectTimeout,
        Duration handshakeTimeout,
        int maxFramePayload,
        Backoff backoff,
        TlsTrust trust,
        int ioThreads) {

    public static final ClientOptions DEFAULT = new ClientOptions(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(10), 256 * 1024, Backoff.DEFAULT, TlsTrust.SYSTEM, 0);

    public ClientOptions {
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(trust, "trust");
        if (maxFramePayload < 1024) {
            throw new IllegalArgumentException("maxFramePayload below 1 KiB");
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads < 0");
        }
    }

    public ClientOptions withCallTimeout(Duration d) {
        return new ClientOptions(d, connectTimeout, handshakeTimeout, maxFramePayload, backoff, trust, ioThreads);
    }

    public ClientOptions withBackoff(Backoff b) {
        return new ClientOptions(callTimeout, connectTimeout, handshakeTimeout, maxFramePayload, b, trust, ioThreads);
    }

    public ClientOptions withTrust(TlsTrust t) {
        return new ClientOptions(callTimeout, connectTimeout, handshakeTimeout, maxFramePayload, backoff, t, ioThreads);
    }

    public ClientOptions withIoThreads(int n) {
        return new ClientOptions(callTimeout, connectTimeout, handshakeTimeout, maxFramePayload, backoff, trust, n);
    }
}
