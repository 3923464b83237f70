package io.evstack.sim.model;

import java.util.Comparator;
import java.util.List;

/**
 * A DC charging curve: the power an EV accepts as a function of its state of charge, linear between
 * points. Real curves rise briefly, hold a plateau and taper from 50–80 % on.
 */
public record ChargingCurve(List<Point> points) {
    /** @param soc state of charge, 0..1 */
    public record Point(double soc, double powerW) {}

    public ChargingCurve {
        points = points.stream().sorted(Comparator.comparingDouble(Point::soc)).toList();
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a charging curve needs points");
        }
    }

    public static ChargingCurve of(double... socAndKw) {
        if (socAndKw.length % 2 != 0) {
            throw new IllegalArgumentException("pairs of (soc, kW) expected");
        }
        java.util.ArrayList<Point> list = new java.util.ArrayList<>();
        for (int i = 0; i < socAndKw.length; i += 2) {
            list.add(new Point(socAndKw[i], socAndKw[i + 1] * 1000.0));
        }
        return new ChargingCurve(list);
    }

    public double powerAt(double soc) {
        Point first = points.getFirst();
        if (soc <= first.soc()) {
            return first.powerW();
        }
        for (int i = 1; i < points.size(); i++) {
            Point b = points.get(i);
            if (soc <= b.soc()) {
                Point a = points.get(i - 1);
                double f = (soc - a.soc()) / (b.soc() - a.soc());
                return a.powerW() + f * (b.powerW() - a.powerW());
            }
        }
        return points.getLast().powerW();
    }

    public double peakW() {
        return points.stream().mapToDouble(Point::powerW).max().orElse(0);
    }
}
