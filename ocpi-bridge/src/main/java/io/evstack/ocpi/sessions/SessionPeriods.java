package io.evstack.ocpi.sessions;

import io.evstack.csms.transaction.MeterSample;
import io.evstack.ocpi.tariffs.ChargingPeriods;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The charging periods of a Session (OCPI 2.2.1 section 9.3.1), with the dimensions a Session may carry beyond
 * a CDR's (CdrDimensionType, section 10.4.2, marked "session only"): POWER (average kW), CURRENT (average A)
 * and STATE_OF_CHARGE (%), from the charger's meter values (OCPP 1.6 measurands Power.Active.Import,
 * Current.Import and SoC). They are never put in a CDR, which the spec forbids.
 *
 * <p>So that an eMSP can show the power now rather than an average over the whole charge, a running
 * session's latest meter interval is a period of its own (a period may start whenever something changes,
 * 10.4.6; ENERGY and TIME still add up to the session's). Per period: POWER is the average of the power samples
 * taken in it, or, without any, its ENERGY over its TIME (its average power, exactly what the spec asks), 0
 * for parking without samples; CURRENT the average of the current samples (the phases' mean at each
 * instant); STATE_OF_CHARGE the latest SoC sample. A sample belongs to the period whose interval it closes
 * (start, end].
 */
public final class SessionPeriods {
    static final String POWER = "Power.Active.Import";
    static final String CURRENT = "Current.Import";
    static final String SOC = "SoC";

    private SessionPeriods() {}

    /**
     * @param readings the energy register readings the periods are made from (see {@link ChargingPeriods})
     * @param samples  every sample of the transaction, any measurand
     * @param live     a running session: its latest interval becomes a period of its own
     */
    public static List<OcpiSession.ChargingPeriod> of(List<ChargingPeriods.Reading> readings, List<MeterSample> samples,
            String tariffId, boolean live) {
        int n = readings.size();
        List<OcpiSession.ChargingPeriod> periods = new ArrayList<>();
        if (live && n >= 3) {
            periods.addAll(ChargingPeriods.of(readings.subList(0, n - 1), tariffId).periods());
            periods.addAll(ChargingPeriods.of(readings.subList(n - 2, n), tariffId).periods());
        } else {
            periods.addAll(ChargingPeriods.of(readings, tariffId).periods());
        }
        if (periods.isEmpty()) {
            return periods;
        }
        Instant end = readings.getLast().at();
        Map<Instant, BigDecimal> power = perInstant(samples, POWER, SessionPeriods::kw, true);
        Map<Instant, BigDecimal> current = perInstant(samples, CURRENT, SessionPeriods::ampere, false);
        Map<Instant, BigDecimal> soc = perInstant(samples, SOC, SessionPeriods::percent, false);
        List<OcpiSession.ChargingPeriod> out = new ArrayList<>(periods.size());
        for (int i = 0; i < periods.size(); i++) {
            OcpiSession.ChargingPeriod p = periods.get(i);
            Instant from = p.startDateTime();
            Instant until = i + 1 < periods.size() ? periods.get(i + 1).startDateTime() : end;
            List<OcpiSession.Dimension> dims = new ArrayList<>(p.dimensions());
            BigDecimal kw = average(power, from, until);
            dims.add(new OcpiSession.Dimension("POWER", kw != null ? kw : averagePower(p)));
            BigDecimal a = average(current, from, until);
            if (a != null) dims.add(new OcpiSession.Dimension("CURRENT", a));
            BigDecimal s = latest(soc, from, until);
            if (s != null) dims.add(new OcpiSession.Dimension("STATE_OF_CHARGE", s));
            out.add(new OcpiSession.ChargingPeriod(p.startDateTime(), List.copyOf(dims), p.tariffId()));
        }
        return out;
    }

    /** A period's ENERGY (kWh) over its TIME (h); 0 when no energy flowed (parking). */
    private static BigDecimal averagePower(OcpiSession.ChargingPeriod p) {
        BigDecimal kwh = BigDecimal.ZERO;
        BigDecimal hours = BigDecimal.ZERO;
        for (OcpiSession.Dimension d : p.dimensions()) {
            if (d.type().equals("ENERGY")) kwh = kwh.add(d.volume());
            if (d.type().equals("TIME")) hours = hours.add(d.volume());
        }
        return hours.signum() == 0 ? BigDecimal.ZERO : kwh.divide(hours, 3, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    /**
     * One value per sample instant of a measurand: the phase-less sample when there is one, else the per-phase
     * samples summed (power: the phases add up) or averaged (current, SoC).
     */
    private static Map<Instant, BigDecimal> perInstant(List<MeterSample> samples, String measurand,
            Function<MeterSample, BigDecimal> value, boolean sumPhases) {
        Map<Instant, BigDecimal> total = new TreeMap<>();
        Map<Instant, BigDecimal[]> phases = new TreeMap<>();
        for (MeterSample s : samples) {
            if (!measurand.equals(s.measurand()) || !"Raw".equals(s.format())) continue;
            if (!measurand.equals(SOC) && !"Outlet".equals(s.location())) continue;
            BigDecimal v = value.apply(s);
            if (v == null) continue;
            if (s.phase() == null) {
                total.put(s.timestamp(), v);
            } else {
                BigDecimal[] acc = phases.computeIfAbsent(s.timestamp(), t -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                acc[0] = acc[0].add(v);
                acc[1] = acc[1].add(BigDecimal.ONE);
            }
        }
        phases.forEach((t, acc) -> total.putIfAbsent(t, sumPhases ? acc[0] : acc[0].divide(acc[1], 3, RoundingMode.HALF_UP)));
        return total;
    }

    private static BigDecimal average(Map<Instant, BigDecimal> values, Instant from, Instant until) {
        BigDecimal sum = BigDecimal.ZERO;
        int count = 0;
        for (Map.Entry<Instant, BigDecimal> e : values.entrySet()) {
            if (e.getKey().isAfter(from) && !e.getKey().isAfter(until)) {
                sum = sum.add(e.getValue());
                count++;
            }
        }
        return count == 0 ? null : sum.divide(BigDecimal.valueOf(count), 3, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static BigDecimal latest(Map<Instant, BigDecimal> values, Instant from, Instant until) {
        BigDecimal last = null;
        for (Map.Entry<Instant, BigDecimal> e : values.entrySet()) {
            if (e.getKey().isAfter(from) && !e.getKey().isAfter(until)) last = e.getValue();
        }
        return last;
    }

    /**
     * W or kW, as kW. Without a unit W is taken: OCPP 1.6's default (Wh, section 7.45) is an energy unit, and a
     * charger that leaves the unit out of a power sample reports watts.
     */
    private static BigDecimal kw(MeterSample s) {
        BigDecimal v = number(s.value());
        if (v == null) return null;
        if (s.unit() == null || s.unit().equals("W")) return v.movePointLeft(3);
        return s.unit().equals("kW") ? v : null;
    }

    private static BigDecimal ampere(MeterSample s) {
        return s.unit() == null || s.unit().equals("A") ? number(s.value()) : null;
    }

    /** SoC in percent, 0 to 100 as the spec allows for STATE_OF_CHARGE. */
    private static BigDecimal percent(MeterSample s) {
        BigDecimal v = s.unit() == null || s.unit().equals("Percent") ? number(s.value()) : null;
        return v == null || v.signum() < 0 || v.compareTo(BigDecimal.valueOf(100)) > 0 ? null : v;
    }

    private static BigDecimal number(String s) {
        try {
            return s == null ? null : new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
