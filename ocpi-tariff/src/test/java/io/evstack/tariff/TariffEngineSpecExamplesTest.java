package io.evstack.tariff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every tariff example of OCPI 2.2.1 mod_tariffs (section 11.3.1 "Examples", the step_size examples of
 * 11.4.2 and the TariffRestrictions examples of 11.4.6), priced by the engine; expected totals worked out
 * by hand in the comments. The location is in Europe/Amsterdam; 2024-03-04 is a Monday, 2024-03-09 a
 * Saturday.
 */
class TariffEngineSpecExamplesTest {
    static final ZoneId AMS = ZoneId.of("Europe/Amsterdam");
    static final ObjectMapper JSON = new ObjectMapper();
    final TariffEngine engine = new TariffEngine();

    static Tariff tariff(String json) {
        try {
            return TariffParser.parse(JSON.readTree(json.replace('\'', '"')));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(AMS).toInstant();
    }

    /** Builds periods: at(local), then pairs of dimension type and volume. */
    static final class Periods {
        final List<ChargingPeriod> list = new ArrayList<>();

        Periods add(String local, Object... dims) {
            Map<String, BigDecimal> m = new LinkedHashMap<>();
            for (int i = 0; i < dims.length; i += 2) {
                m.put((String) dims[i], new BigDecimal(dims[i + 1].toString()));
            }
            list.add(new ChargingPeriod(at(local), m));
            return this;
        }
    }

    static Periods periods() {
        return new Periods();
    }

    TariffCost price(Tariff t, Periods p, String endLocal) {
        return engine.price(t, new TariffEngine.Session(p.list, at(endLocal), AMS));
    }

    static void assertTotals(TariffCost c, String excl, String incl) {
        assertThat(c.exclVat()).isEqualByComparingTo(excl);
        assertThat(c.inclVat()).isEqualByComparingTo(incl);
    }

    static final String ENERGY_025 = "{'type':'ENERGY','price':0.25,'vat':10.0,'step_size':1}";
    static final String START_050 = "{'type':'FLAT','price':0.50,'vat':20.0,'step_size':1}";

    /** 20 kWh in one hour of charging. */
    static Periods twentyKwh() {
        return periods().add("2024-03-04T10:00", "ENERGY", 20, "TIME", 1);
    }

    @Test
    void simpleTariff025PerKwh() {
        // 20 kWh x 0.25 = 5.00 excl.; x 1.10 = 5.50 incl. (spec: 5.00 / 5.50)
        Tariff t = tariff("{'currency':'EUR','elements':[{'price_components':[" + ENERGY_025 + "]}]}");
        assertTotals(price(t, twentyKwh(), "2024-03-04T11:00"), "5.00", "5.50");
    }

    @Test
    void perKwhPlusStartFee() {
        // 0.50 + 5.00 = 5.50 excl.; 0.60 + 5.50 = 6.10 incl. (spec: 5.50 / 6.10)
        Tariff t = tariff("{'currency':'EUR','elements':[{'price_components':[" + START_050 + "]},"
                + "{'price_components':[" + ENERGY_025 + "]}]}");
        assertTotals(price(t, twentyKwh(), "2024-03-04T11:00"), "5.50", "6.10");
    }

    @Test
    void perKwhPlusMinimumPrice() {
        Tariff t = tariff("{'currency':'EUR','min_price':{'excl_vat':0.50,'incl_vat':0.55},"
                + "'elements':[{'price_components':[" + ENERGY_025 + "]}]}");
        // 20 kWh: 5.00 / 5.50, above the minimum (spec).
        TariffCost big = price(t, twentyKwh(), "2024-03-04T11:00");
        assertTotals(big, "5.00", "5.50");
        assertThat(big.minPriceApplied()).isFalse();
        // 1 kWh: 0.25 / 0.275, below the minimum, so 0.50 / 0.55 ("less than 2 kWh", spec).
        TariffCost small = price(t, periods().add("2024-03-04T10:00", "ENERGY", 1, "TIME", 0.1), "2024-03-04T10:06");
        assertTotals(small, "0.50", "0.55");
        assertThat(small.minPriceApplied()).isTrue();
        // Exactly 2 kWh: 0.50 / 0.55 by the energy itself; the minimum does not kick in.
        TariffCost two = price(t, periods().add("2024-03-04T10:00", "ENERGY", 2, "TIME", 0.1), "2024-03-04T10:06");
        assertTotals(two, "0.50", "0.55");
        assertThat(two.minPriceApplied()).isFalse();
    }

    @Test
    void perKwhPlusParkingFeePlusStartFee() {
        // 0.50 start + 5.00 energy + parking 40 min billed as 45 (step 900 s) x 2.00/h = 1.50 -> 7.00 excl.;
        // incl.: 0.60 + 5.50 + 1.80 = 7.90 (spec: 7.00 / 7.90)
        Tariff t = tariff("{'currency':'EUR','elements':[{'price_components':[" + START_050 + "]},"
                + "{'price_components':[" + ENERGY_025 + "]},"
                + "{'price_components':[{'type':'PARKING_TIME','price':2.00,'vat':20.0,'step_size':900}]}]}");
        Periods p = twentyKwh().add("2024-03-04T11:00", "PARKING_TIME", new BigDecimal(40).divide(BigDecimal.valueOf(60), 10, java.math.RoundingMode.HALF_UP));
        TariffCost c = price(t, p, "2024-03-04T11:40");
        assertTotals(c, "7.00", "7.90");
        assertThat(c.exclVat("PARKING_TIME")).isEqualByComparingTo("1.50");
    }

    @Test
    void perKwhPlusStartFeePlusMaxPriceAndEndDate() {
        Tariff t = tariff("{'currency':'EUR','max_price':{'excl_vat':10.00,'incl_vat':11.00},"
                + "'end_date_time':'2019-06-30T23:59:59Z','elements':[{'price_components':[" + START_050 + "]},"
                + "{'price_components':[" + ENERGY_025 + "]}]}");
        // 50 kWh: 0.50 + 12.50 = 13.00 excl., 0.60 + 13.75 = 14.35 incl.: capped to 10.00 / 11.00 (spec).
        TariffCost capped = price(t, periods().add("2024-03-04T10:00", "ENERGY", 50, "TIME", 1), "2024-03-04T11:00");
        assertTotals(capped, "10.00", "11.00");
        assertThat(capped.maxPriceApplied()).isTrue();
        // 30 kWh: 0.50 + 7.50 = 8.00 excl., 0.60 + 8.25 = 8.85 incl. (spec).
        assertTotals(price(t, periods().add("2024-03-04T10:00", "ENERGY", 30, "TIME", 1), "2024-03-04T11:00"), "8.00", "8.85");
        assertThat(t.endDateTime()).isEqualTo(Instant.parse("2019-06-30T23:59:59Z"));
    }

    @Test
    void simpleTariff2EuroPerHour() {
        // 2.5 h x 2.00 = 5.00 excl.; x 1.10 = 5.50 incl. (spec); parking is not billed (no PARKING_TIME).
        Tariff t = tariff("{'currency':'EUR','elements':[{'price_components':[{'type':'TIME','price':2.00,'vat':10.0,'step_size':60}]}]}");
        Periods p = periods().add("2024-03-04T10:00", "ENERGY", 30, "TIME", 2.5).add("2024-03-04T12:30", "PARKING_TIME", 1);
        assertTotals(price(t, p, "2024-03-04T13:30"), "5.00", "5.50");
    }

    @Test
    void simpleTariff3EuroPerHour5EuroParking() {
        // charging 150 min x 3.00/h = 7.50 (incl. 8.25); parking 42 min billed as 45 (step 300) x 5.00/h
        // = 3.75 (incl. 4.50); total 11.25 / 12.75 (spec).
        Tariff t = tariff("{'currency':'EUR','elements':[{'price_components':["
                + "{'type':'TIME','price':3.00,'vat':10.0,'step_size':60},"
                + "{'type':'PARKING_TIME','price':5.00,'vat':20.0,'step_size':300}]}]}");
        Periods p = periods().add("2024-03-04T10:00", "ENERGY", 30, "TIME", 2.5).add("2024-03-04T12:30", "PARKING_TIME", 0.7);
        assertTotals(price(t, p, "2024-03-04T13:12"), "11.25", "12.75");
    }

    @Test
    void adHocTariffWithMultipleLanguages() {
        // 2.5 h x 1.90 = 4.75 excl.; x 1.052 = 4.997 -> 5.00 incl. (spec: 4.75 / 5.00)
        Tariff t = tariff("{'currency':'EUR','tariff_alt_text':[{'language':'en','text':'1.90 euro p/hour'}],"
                + "'elements':[{'price_components':[{'type':'TIME','price':1.90,'vat':5.2,'step_size':300}]}]}");
        assertTotals(price(t, periods().add("2024-03-04T10:00", "ENERGY", 20, "TIME", 2.5), "2024-03-04T12:30"), "4.75", "5.00");
    }

    @Test
    void adHocTariffNotPossibleWithOcpi() {
        // The spec gives no figure; priced as modelled (FLAT 0.40 at 25 %, TIME 1.90/h at 5.2 %, step 300):
        // 2 h: 0.40 + 3.80 = 4.20 excl.; 0.50 + 3.9976 = 4.4976 -> 4.50 incl.
        Tariff t = tariff("{'currency':'EUR','elements':[{'price_components':["
                + "{'type':'FLAT','price':0.40,'vat':25.0,'step_size':1},"
                + "{'type':'TIME','price':1.90,'vat':5.2,'step_size':300}]}]}");
        assertTotals(price(t, periods().add("2024-03-04T10:00", "ENERGY", 20, "TIME", 2), "2024-03-04T12:00"), "4.20", "4.50");
    }

    @Test
    void simpleTariffWithAlternativeUrl() {
        // 20.45 kWh billed per 100 Wh: 20.5 kWh. At 0.22/kWh (the price behind tariff_alt_url): 4.51 excl.,
        // x 1.10 = 4.961 -> 4.96 incl. (spec: 4.51 / 4.96).
        Tariff real = tariff("{'currency':'EUR','tariff_alt_url':'https://company.com/tariffs/11',"
                + "'elements':[{'price_components':[{'type':'ENERGY','price':0.22,'vat':10.0,'step_size':100}]}]}");
        Periods p = periods().add("2024-03-04T10:00", "ENERGY", "20.45", "TIME", 1);
        assertTotals(price(real, p, "2024-03-04T11:00"), "4.51", "4.96");
        // At the announced 0.25/kWh: 20.5 x 0.25 = 5.125 -> 5.13 excl., 5.6375 -> 5.64 incl. The spec text
        // says 5.50 / 6.05, which does not follow from its own numbers (5.50 would be 22 kWh).
        Tariff announced = tariff("{'currency':'EUR','elements':[{'price_components':[{'type':'ENERGY','price':0.25,'vat':10.0,'step_size':100}]}]}");
        assertTotals(price(announced, p, "2024-03-04T11:00"), "5.13", "5.64");
    }

    static final String COMPLEX = "{'currency':'EUR','elements':["
            + "{'price_components':[{'type':'FLAT','price':2.50,'vat':15.0,'step_size':1}]},"
            + "{'price_components':[{'type':'TIME','price':1.00,'vat':20.0,'step_size':900}],'restrictions':{'max_current':32.00}},"
            + "{'price_components':[{'type':'TIME','price':2.00,'vat':20.0,'step_size':600}],'restrictions':{'min_current':32.00,"
            + "'day_of_week':['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY']}},"
            + "{'price_components':[{'type':'TIME','price':1.25,'vat':20.0,'step_size':600}],'restrictions':{'min_current':32.00,"
            + "'day_of_week':['SATURDAY','SUNDAY']}},"
            + "{'price_components':[{'type':'PARKING_TIME','price':5.00,'vat':10.0,'step_size':300}],'restrictions':{"
            + "'start_time':'09:00','end_time':'18:00','day_of_week':['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY']}},"
            + "{'price_components':[{'type':'PARKING_TIME','price':6.00,'vat':10.0,'step_size':300}],'restrictions':{"
            + "'start_time':'10:00','end_time':'17:00','day_of_week':['SATURDAY']}}]}";

    @Test
    void complexTariffMondayMorning() {
        // Monday 09:30, 147 min at 16 A (< 32 A: 1.00/h, step 900 -> 150 min = 2.50, incl. 3.00), then 42 min
        // parking 11:57-12:39 (weekday 09-18: 5.00/h, step 300 -> 45 min = 3.75, incl. 4.125), start fee 2.50
        // (incl. 2.875): 8.75 excl., 10.00 incl. (spec).
        Periods p = periods().add("2024-03-04T09:30", "ENERGY", 10, "TIME", 2.45, "CURRENT", 16)
                .add("2024-03-04T11:57", "PARKING_TIME", 0.7);
        assertTotals(price(tariff(COMPLEX), p, "2024-03-04T12:39"), "8.75", "10.00");
    }

    @Test
    void complexTariffSaturdayAfternoon() {
        // Saturday 13:30, 114 min at 43 A (weekend >= 32 A: 1.25/h, step 600 -> 120 min = 2.50, incl. 3.00),
        // 71 min parking 15:24-16:35 (Saturday 10-17: 6.00/h, step 300 -> 75 min = 7.50, incl. 8.25), start
        // 2.50 (incl. 2.875): 12.50 excl., 14.125 -> 14.13 incl. (spec: 12.50 / 14,13).
        Periods p = periods().add("2024-03-09T13:30", "ENERGY", 40, "TIME", 1.9, "CURRENT", 43)
                .add("2024-03-09T15:24", "PARKING_TIME", new BigDecimal(71).divide(BigDecimal.valueOf(60), 12, java.math.RoundingMode.HALF_UP));
        assertTotals(price(tariff(COMPLEX), p, "2024-03-09T16:35"), "12.50", "14.13");
    }

    @Test
    void freeOfChargeTariff() {
        Tariff t = tariff("{'currency':'EUR','elements':[{'price_components':[{'type':'FLAT','price':0.00,'step_size':0}]}]}");
        TariffCost c = price(t, twentyKwh(), "2024-03-04T11:00");
        assertTotals(c, "0.00", "0.00");
        assertThat(c.vatComplete()).isTrue();
    }

    @Test
    void firstHourFreeEnergy() {
        // Parking: first hour free, 1-3 h 2.00/h, then 3.00/h; energy: first kWh free, then 0.20/kWh.
        // 20 kWh: 19 x 0.20 = 3.80; 2.75 h parking: 1 h free + 1.75 h x 2.00 = 3.50; total 7.30 excl. (spec).
        // The spec's figure holds with min/max_duration counted from the start of parking, so the charging
        // here takes no time; no VAT given, so incl. VAT is not complete (spec: "not possible to calculate").
        Tariff t = tariff("{'currency':'EUR','elements':["
                + "{'price_components':[{'type':'PARKING_TIME','price':0.0,'step_size':60}],'restrictions':{'min_duration':0,'max_duration':3600}},"
                + "{'price_components':[{'type':'PARKING_TIME','price':2.0,'step_size':60}],'restrictions':{'min_duration':3600,'max_duration':10800}},"
                + "{'price_components':[{'type':'PARKING_TIME','price':3.0,'step_size':60}],'restrictions':{'min_duration':10800}},"
                + "{'price_components':[{'type':'ENERGY','price':0.0,'step_size':1}],'restrictions':{'max_kwh':1.0}},"
                + "{'price_components':[{'type':'ENERGY','price':0.2,'step_size':1}],'restrictions':{'min_kwh':1.0}}]}");
        Periods p = periods().add("2024-03-04T10:00", "ENERGY", 20, "TIME", 0).add("2024-03-04T10:00", "PARKING_TIME", 2.75);
        TariffCost c = price(t, p, "2024-03-04T12:45");
        assertThat(c.exclVat()).isEqualByComparingTo("7.30");
        assertThat(c.exclVat("ENERGY")).isEqualByComparingTo("3.80");
        assertThat(c.exclVat("PARKING_TIME")).isEqualByComparingTo("3.50");
        assertThat(c.vatComplete()).isFalse();
    }

    static final String RESERVATION_TAIL = "{'price_components':[" + START_050 + "]},{'price_components':[" + ENERGY_025 + "]}]}";

    /** A reservation made at 10:00, charging starts {@code minutes} later with 20 kWh. */
    static Periods reservedThenCharged(int minutes) {
        return periods().add("2024-03-04T10:00", "RESERVATION_TIME", new BigDecimal(minutes).divide(BigDecimal.valueOf(60), 12, java.math.RoundingMode.HALF_UP))
                .add(String.format("2024-03-04T10:%02d", minutes), "ENERGY", 20, "TIME", 1);
    }

    @Test
    void reservation5EuroPerHour() {
        // 15 min x 5.00/h = 1.25 (incl. 1.50) + 0.50 (0.60) + 5.00 (5.50) = 6.75 / 7.60 (spec).
        Tariff t = tariff("{'currency':'EUR','elements':[{'price_components':[{'type':'TIME','price':5.00,'vat':20.0,'step_size':60}],"
                + "'restrictions':{'reservation':'RESERVATION'}}," + RESERVATION_TAIL);
        assertTotals(price(t, reservedThenCharged(15), "2024-03-04T11:15"), "6.75", "7.60");
    }

    @Test
    void reservation2EuroFee5EuroPerHour() {
        // fee 2.00 + 13 min billed as 15 (step 300) x 5.00/h = 1.25 -> 3.25 (incl. 3.90) + 0.50 (0.60)
        // + 5.00 (5.50) = 8.75 / 10.00 (spec).
        Tariff t = tariff("{'currency':'EUR','elements':[{'price_components':[{'type':'FLAT','price':2.00,'vat':20.0,'step_size':1},"
                + "{'type':'TIME','price':5.00,'vat':20.0,'step_size':300}],'restrictions':{'reservation':'RESERVATION'}}," + RESERVATION_TAIL);
        assertTotals(price(t, reservedThenCharged(13), "2024-03-04T11:13"), "8.75", "10.00");
    }

    @Test
    void reservationWithExpireFee() {
        Tariff t = tariff("{'currency':'EUR','elements':["
                + "{'price_components':[{'type':'FLAT','price':4.00,'vat':20.0,'step_size':1}],'restrictions':{'reservation':'RESERVATION_EXPIRES'}},"
                + "{'price_components':[{'type':'TIME','price':2.00,'vat':20.0,'step_size':600}],'restrictions':{'reservation':'RESERVATION'}},"
                + RESERVATION_TAIL);
        // Used: 22 min billed as 30 (step 600) x 2.00/h = 1.00 (1.20) + 0.50 (0.60) + 5.00 (5.50) = 6.50 / 7.30 (spec).
        assertTotals(price(t, reservedThenCharged(22), "2024-03-04T11:22"), "6.50", "7.30");
        // Expired after 1 h: 2.00 + expiry fee 4.00 = 6.00 excl., 7.20 incl. (spec); no start fee, no energy.
        TariffCost expired = engine.price(t, new TariffEngine.Session(periods().add("2024-03-04T10:00", "RESERVATION_TIME", 1).list,
                at("2024-03-04T11:00"), AMS, true));
        assertTotals(expired, "6.00", "7.20");
    }

    @Test
    void reservationWithExpireTime() {
        Tariff t = tariff("{'currency':'EUR','elements':["
                + "{'price_components':[{'type':'TIME','price':3.00,'vat':20.0,'step_size':600}],'restrictions':{'reservation':'RESERVATION'}},"
                + "{'price_components':[{'type':'TIME','price':6.00,'vat':20.0,'step_size':600}],'restrictions':{'reservation':'RESERVATION_EXPIRES'}},"
                + RESERVATION_TAIL);
        // Used: 22 min -> 30 min x 3.00/h = 1.50 (1.80) + 0.50 (0.60) + 5.00 (5.50) = 7.00 / 7.90 (spec).
        assertTotals(price(t, reservedThenCharged(22), "2024-03-04T11:22"), "7.00", "7.90");
        // Expired after 1.5 h: at the RESERVATION_EXPIRES rate, 1.5 x 6.00 = 9.00 excl., 10.80 incl. (spec).
        TariffCost expired = engine.price(t, new TariffEngine.Session(periods().add("2024-03-04T10:00", "RESERVATION_TIME", 1.5).list,
                at("2024-03-04T11:30"), AMS, true));
        assertTotals(expired, "9.00", "10.80");
    }

    static final String STEP_TARIFF = "{'currency':'EUR','elements':["
            + "{'price_components':[{'type':'TIME','price':1.20,'step_size':1800},{'type':'PARKING_TIME','price':1.00,'step_size':900}],"
            + "'restrictions':{'start_time':'00:00','end_time':'17:00'}},"
            + "{'price_components':[{'type':'TIME','price':2.40,'step_size':900},{'type':'PARKING_TIME','price':1.00,'step_size':900}],"
            + "'restrictions':{'start_time':'17:00','end_time':'20:00'}},"
            + "{'price_components':[{'type':'TIME','price':2.40,'step_size':900}],'restrictions':{'start_time':'20:00','end_time':'23:59'}}]}";

    @Test
    void stepSizeSwitchingElement1() {
        // 16:55-17:05 charging, 17:05-17:07 parking. 5 min x 1.20/h = 0.10; 5 min x 2.40/h = 0.20; the last
        // element's step (900 s) bills 15 min in total, so 5 more minutes at 2.40/h = 0.20; the 2 min of
        // parking lie within those extra 5 minutes and are not billed: 0.50 (spec). One CDR period spans 17:00.
        Periods p = periods().add("2024-03-04T16:55", "ENERGY", 2, "TIME", new BigDecimal(10).divide(BigDecimal.valueOf(60), 12, java.math.RoundingMode.HALF_UP))
                .add("2024-03-04T17:05", "PARKING_TIME", new BigDecimal(2).divide(BigDecimal.valueOf(60), 12, java.math.RoundingMode.HALF_UP));
        TariffCost c = price(tariff(STEP_TARIFF), p, "2024-03-04T17:07");
        assertThat(c.exclVat()).isEqualByComparingTo("0.50");
        assertThat(c.exclVat("PARKING_TIME")).isEqualByComparingTo("0");
    }

    @Test
    void stepSizeSwitchingElement2() {
        // 16:35-17:10 charging: 25 min x 1.20/h = 0.50; 10 min x 2.40/h = 0.40; 35 min rounded to 45 (step 900
        // of the last element): 10 more minutes x 2.40/h = 0.40; total 1.30 (spec).
        Periods p = periods().add("2024-03-04T16:35", "ENERGY", 5, "TIME", new BigDecimal(35).divide(BigDecimal.valueOf(60), 12, java.math.RoundingMode.HALF_UP));
        assertThat(price(tariff(STEP_TARIFF), p, "2024-03-04T17:10").exclVat()).isEqualByComparingTo("1.30");
    }

    @Test
    void stepSizeSwitchingToFreeParking() {
        // 19:55-20:05 charging: 5 min x 2.40 = 0.20, 5 min x 2.40 = 0.20, + 5 min (step 900) x 2.40 = 0.20;
        // 20:05-20:07 parking: no PARKING_TIME after 20:00, free; total 0.60 (spec).
        Periods p = periods().add("2024-03-04T19:55", "ENERGY", 2, "TIME", new BigDecimal(10).divide(BigDecimal.valueOf(60), 12, java.math.RoundingMode.HALF_UP))
                .add("2024-03-04T20:05", "PARKING_TIME", new BigDecimal(2).divide(BigDecimal.valueOf(60), 12, java.math.RoundingMode.HALF_UP));
        assertThat(price(tariff(STEP_TARIFF), p, "2024-03-04T20:07").exclVat()).isEqualByComparingTo("0.60");
    }

    @Test
    void maxPowerRestriction() {
        // 1 kWh at 6 kW x 0.20 = 0.20; 40 kWh at 48 kW x 0.50 (fallback) = 20.00; 0.5 kWh at 4 kW x 0.20 = 0.10;
        // 20.30 excl. (spec); x 1.20 = 24.36 incl.
        Tariff t = tariff("{'currency':'EUR','elements':["
                + "{'price_components':[{'type':'ENERGY','price':0.20,'vat':20.0,'step_size':1}],'restrictions':{'max_power':16.00}},"
                + "{'price_components':[{'type':'ENERGY','price':0.35,'vat':20.0,'step_size':1}],'restrictions':{'max_power':32.00}},"
                + "{'price_components':[{'type':'ENERGY','price':0.50,'vat':20.0,'step_size':1}]}]}");
        Periods p = periods().add("2024-03-04T10:00", "ENERGY", 1, "TIME", 0.166666666667, "POWER", 6)
                .add("2024-03-04T10:10", "ENERGY", 40, "TIME", 0.833333333333, "POWER", 48)
                .add("2024-03-04T11:00", "ENERGY", 0.5, "TIME", 0.125, "POWER", 4);
        assertTotals(price(t, p, "2024-03-04T11:07:30"), "20.30", "24.36");
    }

    @Test
    void maxDurationRestriction() {
        // 5 kWh in the first 30 min free; 1.2 kWh in minutes 30-40 at 0.25 = 0.30 excl. (spec); x 1.2 = 0.36.
        // The second period starts at exactly 1800 s: max_duration is exclusive, so the free element is over.
        Tariff t = tariff("{'currency':'EUR','elements':["
                + "{'price_components':[{'type':'ENERGY','price':0.00,'vat':20.0,'step_size':1}],'restrictions':{'max_duration':1800}},"
                + "{'price_components':[{'type':'ENERGY','price':0.25,'vat':20.0,'step_size':1}],'restrictions':{'max_duration':3600}},"
                + "{'price_components':[{'type':'ENERGY','price':0.40,'vat':20.0,'step_size':1}]}]}");
        Periods p = periods().add("2024-03-04T10:00", "ENERGY", 5, "TIME", 0.5).add("2024-03-04T10:30", "ENERGY", 1.2, "TIME", 0.166666666667);
        assertTotals(price(t, p, "2024-03-04T10:40"), "0.30", "0.36");
    }
}
