package io.evstack.ocpi.tariffs;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A simple but exact pricing of a finished session under one tariff (section 11.4.2): for each
 * dimension the first element's price component of that type applies (restrictions are not evaluated
 * here: the eMSP's tariff engine does the full rules); quantities are billed in whole step_size blocks,
 * rounded up (energy in Wh, time in seconds), then VAT is added per component. min_price/max_price
 * (section 11.3.1) bound the total. Prices are per kWh, per hour, or per session (FLAT).
 */
public final class CostCalculator {
    /** Costs by dimension, excluding VAT, and the total with and without VAT. */
    public record Cost(BigDecimal energy, BigDecimal time, BigDecimal parking, BigDecimal flat, BigDecimal exclVat,
            BigDecimal inclVat) {
        public static final Cost ZERO = new Cost(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO);
    }

    private CostCalculator() {}

    public static Cost price(JsonNode tariff, long energyWh, long chargingSeconds, long parkingSeconds) {
        if (tariff == null) {
            return Cost.ZERO;
        }
        BigDecimal[] excl = new BigDecimal[4];
        BigDecimal incl = BigDecimal.ZERO;
        String[] types = {"ENERGY", "TIME", "PARKING_TIME", "FLAT"};
        for (int i = 0; i < types.length; i++) {
            excl[i] = BigDecimal.ZERO;
            JsonNode pc = component(tariff, types[i]);
            if (pc == null) {
                continue;
            }
            BigDecimal price = pc.get("price").decimalValue();
            long step = Math.max(1, pc.path("step_size").asLong(1));
            BigDecimal amount = switch (types[i]) {
                case "ENERGY" -> kwh(roundUp(energyWh, step));
                case "TIME" -> hours(roundUp(chargingSeconds, step));
                case "PARKING_TIME" -> hours(roundUp(parkingSeconds, step));
                default -> BigDecimal.ONE;
            };
            excl[i] = price.multiply(amount);
            BigDecimal vat = pc.hasNonNull("vat") ? pc.get("vat").decimalValue() : BigDecimal.ZERO;
            incl = incl.add(excl[i].multiply(BigDecimal.ONE.add(vat.movePointLeft(2))));
        }
        BigDecimal total = excl[0].add(excl[1]).add(excl[2]).add(excl[3]);
        BigDecimal factor = total.signum() == 0 ? BigDecimal.ONE : incl.divide(total, 10, RoundingMode.HALF_UP);
        BigDecimal bounded = bound(total, tariff);
        if (bounded.compareTo(total) != 0) {
            total = bounded;
            incl = bounded.multiply(factor);
        }
        return new Cost(money(excl[0]), money(excl[1]), money(excl[2]), money(excl[3]), money(total), money(incl));
    }

    private static JsonNode component(JsonNode tariff, String type) {
        for (JsonNode e : tariff.path("elements")) {
            for (JsonNode pc : e.path("price_components")) {
                if (type.equals(pc.path("type").asText())) {
                    return pc;
                }
            }
        }
        return null;
    }

    private static BigDecimal bound(BigDecimal total, JsonNode tariff) {
        JsonNode min = tariff.path("min_price").path("excl_vat");
        JsonNode max = tariff.path("max_price").path("excl_vat");
        if (min.isNumber() && total.compareTo(min.decimalValue()) < 0) {
            return min.decimalValue();
        }
        if (max.isNumber() && total.compareTo(max.decimalValue()) > 0) {
            return max.decimalValue();
        }
        return total;
    }

    static long roundUp(long quantity, long step) {
        return quantity <= 0 ? 0 : ((quantity + step - 1) / step) * step;
    }

    public static BigDecimal kwh(long wh) {
        return BigDecimal.valueOf(wh).movePointLeft(3);
    }

    public static BigDecimal hours(long seconds) {
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_UP);
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
