package io.evstack.sim.load;

import io.evstack.sim.ocpp.OcppProtocol;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What a load run does: how many chargers connect where, how fast they come up, which message mix they
 * send for how long, and whether they all drop at once at the end (the reconnect storm).
 *
 * @param serverBase each charger connects to {@code serverBase/<idPrefix><n>}
 * @param password HTTP Basic password of every charger (security profile 1/2), or null
 * @param connectRate new connections per second while ramping up
 * @param interval every charger sends one Heartbeat, one StatusNotification and one MeterValues per interval,
 *     each at its own random phase
 * @param transactionRate complete transactions (Authorize, StartTransaction, 3 x MeterValues,
 *     StopTransaction) per second across the fleet; 0 for none
 * @param idTag the card every transaction uses (must be known to the CSMS and allow concurrent transactions)
 * @param steady how long the message mix runs once every charger is booted
 * @param storm after the steady phase, drop every socket at once and time until all are booted again
 * @param settle the longest wait for the ramp-up and for the storm to complete
 * @param protocol the OCPP version every charger speaks
 */
public record LoadPlan(URI serverBase, String idPrefix, int chargers, String password, double connectRate,
        Duration interval, double transactionRate, String idTag, Duration steady, boolean storm, Duration settle,
        OcppProtocol protocol) {

    public LoadPlan {
        Objects.requireNonNull(serverBase, "serverBase");
        Objects.requireNonNull(idPrefix, "idPrefix");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(idTag, "idTag");
        Objects.requireNonNull(steady, "steady");
        Objects.requireNonNull(settle, "settle");
        Objects.requireNonNull(protocol, "protocol");
        if (chargers < 1) {
            throw new IllegalArgumentException("need at least one charger");
        }
        if (connectRate <= 0) {
            throw new IllegalArgumentException("connect rate must be positive");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        if (transactionRate < 0) {
            throw new IllegalArgumentException("transaction rate must not be negative");
        }
    }

    /** Defaults: 60 s interval, 1,000 connections/s, no transactions, 60 s steady, no storm, 5 minutes to settle. */
    public static LoadPlan of(URI serverBase, int chargers) {
        return new LoadPlan(serverBase, "LOAD-", chargers, null, 1000, Duration.ofSeconds(60), 0, "LOAD-TAG",
                Duration.ofSeconds(60), false, Duration.ofMinutes(5), OcppProtocol.OCPP16);
    }

    public String chargerId(int n) {
        return idPrefix + String.format("%05d", n);
    }

    public LoadPlan withTransactionRate(double perSecond) {
        return new LoadPlan(serverBase, idPrefix, chargers, password, connectRate, interval, perSecond, idTag, steady, storm, settle, protocol);
    }

    public LoadPlan withInterval(Duration d) {
        return new LoadPlan(serverBase, idPrefix, chargers, password, connectRate, d, transactionRate, idTag, steady, storm, settle, protocol);
    }

    public LoadPlan withSteady(Duration d) {
        return new LoadPlan(serverBase, idPrefix, chargers, password, connectRate, interval, transactionRate, idTag, d, storm, settle, protocol);
    }

    public LoadPlan withStorm(boolean s) {
        return new LoadPlan(serverBase, idPrefix, chargers, password, connectRate, interval, transactionRate, idTag, steady, s, settle, protocol);
    }

    public LoadPlan withIdTag(String tag) {
        return new LoadPlan(serverBase, idPrefix, chargers, password, connectRate, interval, transactionRate, tag, steady, storm, settle, protocol);
    }

    public LoadPlan withIdPrefix(String prefix) {
        return new LoadPlan(serverBase, prefix, chargers, password, connectRate, interval, transactionRate, idTag, steady, storm, settle, protocol);
    }

    public LoadPlan withConnectRate(double perSecond) {
        return new LoadPlan(serverBase, idPrefix, chargers, password, perSecond, interval, transactionRate, idTag, steady, storm, settle, protocol);
    }

    public LoadPlan withPassword(String p) {
        return new LoadPlan(serverBase, idPrefix, chargers, p, connectRate, interval, transactionRate, idTag, steady, storm, settle, protocol);
    }

    public LoadPlan withProtocol(OcppProtocol p) {
        return new LoadPlan(serverBase, idPrefix, chargers, password, connectRate, interval, transactionRate, idTag, steady, storm, settle, p);
    }

    public LoadPlan withSettle(Duration d) {
        return new LoadPlan(serverBase, idPrefix, chargers, password, connectRate, interval, transactionRate, idTag, steady, storm, d, protocol);
    }
}
