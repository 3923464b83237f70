package io.evstack.tariff;

import static io.evstack.tariff.TariffEngineSpecExamplesTest.assertTotals;
import static io.evstack.tariff.TariffEngineSpecExamplesTest.at;
import static io.evstack.tariff.TariffEngineSpecExamplesTest.periods;
import static io.evstack.tariff.TariffEngineSpecExamplesTest.tariff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Restrictions at their boundaries, step sizes, time zones and daylight saving, currency rounding. */
class TariffEngineBoundariesTest {
    final TariffEngine engine = new TariffEngine();
    static final ZoneId AMS = TariffEngineSpecExamplesTest.AMS;

    TariffCost price(Tariff t, TariffEngineSpecExamplesTest.Periods p, String endLocal, ZoneId zone) {
        return engine.price(t, new TariffEngine.Session(p.list, at(endLocal), zone));
    }

    static final String NIGHT = "{'currency':'EUR','elements':["
            + "{'price_components':[{'type':'ENERGY','price':0.10,'step_size':1}],'restrictions':{'start_time':'22:00','end_time':'06:00'}},"
            + "{'price_components':[{'type':'ENERGY','price':0.30,'step_size':1}]}]}";

    @Test
    void timeRangeOverMidnightSplitsAPeriod() {
        // 21:00-23:00 with 2 kWh spread evenly: 1 kWh before 22:00 at 0.30, 1 kWh after at 0.10 = 0.40.
        var p = periods().add("2024-03-04T21:00", "ENERGY", 2, "TIME", 2);
        assertThat(price(tariff(NIGHT), p, "2024-03-04T23:00", AMS).exclVat()).isEqualByComparingTo("0.40");
        // 05:00-07:00 next morning: 1 kWh before 06:00 (night, 0.10), 1 kWh from 06:00 (end exclusive: day) = 0.40.
        var q = periods().add("2024-03-05T05:00", "ENERGY", 2, "TIME", 2);
        assertThat(price(tariff(NIGHT), q, "2024-03-05T07:00", AMS).exclVat()).isEqualByComparingTo("0.40");
        // Starting exactly at 06:00: all day rate, 0.60; exactly at 22:00: all night rate, 0.20.
        assertThat(price(tariff(NIGHT), periods().add("2024-03-05T06:00", "ENERGY", 2, "TIME", 1), "2024-03-05T07:00", AMS)
                .exclVat()).isEqualByComparingTo("0.60");
        assertThat(price(tariff(NIGHT), periods().add("2024-03-05T22:00", "ENERGY", 2, "TIME", 1), "2024-03-05T23:00", AMS)
                .exclVat()).isEqualByComparingTo("0.20");
    }

    @Test
    void timeOfDayIsTheLocationsLocalTime() {
        // 22:30 in Amsterdam is 21:30 UTC: night rate there; the same instants in UTC are before 22:00.
        var p = periods().add("2024-03-04T22:30", "ENERGY", 1, "TIME", 0.5);
        assertThat(price(tariff(NIGHT), p, "2024-03-04T23:00", AMS).exclVat()).isEqualByComparingTo("0.10");
        assertThat(price(tariff(NIGHT), p, "2024-03-04T23:00", ZoneId.of("UTC")).exclVat()).isEqualByComparingTo("0.30");
    }

    @Test
    void daylightSavingNightIsCountedInRealHours() {
        // 2024-03-31 Amsterdam: 02:00 CET becomes 03:00 CEST. Charging 00:00-08:00 local is 7 real hours
        // (23:00Z-06:00Z). Night TIME rate 1.00/h until 07:00 local (= 05:00Z): 6 real hours = 6.00; then
        // 07:00-08:00 at 2.00/h = 2.00; total 8.00 (a wall-clock reading would say 7 + 2 = 9.00).
        Tariff t = tariff("{'currency':'EUR','elements':["
                + "{'price_components':[{'type':'TIME','price':1.00,'step_size':1}],'restrictions':{'start_time':'00:00','end_time':'07:00'}},"
                + "{'price_components':[{'type':'TIME','price':2.00,'step_size':1}]}]}");
        var p = periods().add("2024-03-31T00:00", "ENERGY", 30, "TIME", 7);
        assertThat(price(t, p, "2024-03-31T08:00", AMS).exclVat()).isEqualByComparingTo("8.00");
    }

    @Test
    void datesAndDaysOfWeek() {
        // start_date inclusive, end_date exclusive (11.4.6); promo 0.10 for 2024-03-04 .. 2024-03-05 only.
        Tariff t = tariff("{'currency':'EUR','elements':["
                + "{'price_components':[{'type':'FLAT','price':1.00,'step_size':1}],'restrictions':{'start_date':'2024-03-04','end_date':'2024-03-06'}},"
                + "{'price_components':[{'type':'FLAT','price':3.00,'step_size':1}],'restrictions':{'day_of_week':['SUNDAY']}},"
                + "{'price_components':[{'type':'FLAT','price':2.00,'step_size':1}]}]}");
        assertThat(flat(t, "2024-03-03T12:00")).isEqualByComparingTo("3.00"); // Sunday, before the promo
        assertThat(flat(t, "2024-03-04T00:00")).isEqualByComparingTo("1.00"); // first promo day, midnight
        assertThat(flat(t, "2024-03-05T23:59")).isEqualByComparingTo("1.00");
        assertThat(flat(t, "2024-03-06T00:00")).isEqualByComparingTo("2.00"); // end_date is exclusive
    }

    private java.math.BigDecimal flat(Tariff t, String local) {
        var p = periods().add(local, "ENERGY", 1, "TIME", 0);
        return engine.price(t, new TariffEngine.Session(p.list, at(local), AMS)).exclVat();
    }

    @Test
    void currentAndPowerBoundsMinInclusiveMaxExclusive() {
        Tariff t = tariff("{'currency':'EUR','elements':["
                + "{'price_components':[{'type':'ENERGY','price':0.10,'step_size':1}],'restrictions':{'max_current':32}},"
                + "{'price_components':[{'type':'ENERGY','price':0.20,'step_size':1}],'restrictions':{'min_current':32,'min_power':22}},"
                + "{'price_components':[{'type':'ENERGY','price':0.50,'step_size':1}]}]}");
        assertThat(energy(t, "CURRENT", 31.9, "POWER", 20)).isEqualByComparingTo("1.00");
        assertThat(energy(t, "CURRENT", 32, "POWER", 22)).isEqualByComparingTo("2.00");
        assertThat(energy(t, "CURRENT", 32, "POWER", 21.99)).isEqualByComparingTo("5.00");
        // No current reported: a current restriction cannot be shown to hold, so the fallback applies.
        assertThat(energy(t, "POWER", 50)).isEqualByComparingTo("5.00");
    }

    private java.math.BigDecimal energy(Tariff t, Object... dims) {
        Object[] all = new Object[dims.length + 4];
        all[0] = "ENERGY"; all[1] = 10; all[2] = "TIME"; all[3] = 0.5;
        System.arraycopy(dims, 0, all, 4, dims.length);
        var p = periods().add("2024-03-04T10:00", all);
        return engine.price(t, new TariffEngine.Session(p.list, at("2024-03-04T10:30"), AMS)).exclVat();
    }

    @Test
    void energyStepSizesFromTheSpecNote() {
        // 11.4.2 note: 115.2 Wh at 0.25/kWh: step 1 bills 116 Wh = 0.029; step 25 bills 125 Wh = 0.03125;
        // step 500 bills 500 Wh = 0.125. Totals are rounded to cents once: 0.03, 0.03, 0.13.
        for (String[] c : new String[][] {{"1", "0.029", "0.03"}, {"25", "0.03125", "0.03"}, {"500", "0.125", "0.13"}}) {
            Tariff t = tariff("{'currency':'EUR','elements':[{'price_components':[{'type':'ENERGY','price':0.25,'step_size':" + c[0] + "}]}]}");
            TariffCost cost = engine.price(t, new TariffEngine.Session(periods().add("2024-03-04T10:00", "ENERGY", "0.1152", "TIME", 0.1).list,
                    at("2024-03-04T10:06"), AMS));
            assertThat(cost.lines().getFirst().exclVat()).isEqualByComparingTo(c[1]);
            assertThat(cost.exclVat()).isEqualByComparingTo(c[2]);
        }
    }

    @Test
    void timeStepSizeOfSixMinutesInFiveMinuteBlocks() {
        // 11.4.2: "if step_size has a value of 300 ... If 6 minutes were used, 10 minutes will be billed."
        Tariff t = tariff("{'currency':'EUR','elements':[{'price_components':[{'type':'TIME','price':6.00,'step_size':300}]}]}");
        var p = periods().add("2024-03-04T10:00", "ENERGY", 1, "TIME", 0.1);
        assertThat(engine.price(t, new TariffEngine.Session(p.list, at("2024-03-04T10:06"), AMS)).exclVat()).isEqualByComparingTo("1.00");
    }

    @Test
    void currencyMinorUnits() {
        // JPY has no minor unit: 1.234 kWh x 33 = 40.722 -> 41; KWD has three: 1.234 x 0.0755 = 0.093167 -> 0.093.
        var p = periods().add("2024-03-04T10:00", "ENERGY", "1.234", "TIME", 0.1);
        Tariff yen = tariff("{'currency':'JPY','elements':[{'price_components':[{'type':'ENERGY','price':33,'step_size':1}]}]}");
        TariffCost c = engine.price(yen, new TariffEngine.Session(p.list, at("2024-03-04T10:06"), AMS));
        assertThat(c.exclVat()).isEqualByComparingTo("41");
        assertThat(c.exclVat().scale()).isZero();
        Tariff dinar = tariff("{'currency':'KWD','elements':[{'price_components':[{'type':'ENERGY','price':0.0755,'step_size':1}]}]}");
        assertThat(engine.price(dinar, new TariffEngine.Session(p.list, at("2024-03-04T10:06"), AMS)).exclVat()).isEqualByComparingTo("0.093");
    }

    @Test
    void maxPriceExclusiveOnlyKeepsVatProportional() {
        // 50 kWh x 0.25 = 12.50 excl. (13.75 incl. at 10 %) capped at 10.00 excl. -> 11.00 incl.
        Tariff t = tariff("{'currency':'EUR','max_price':{'excl_vat':10.00},'elements':[{'price_components':["
                + TariffEngineSpecExamplesTest.ENERGY_025 + "]}]}");
        assertTotals(engine.price(t, new TariffEngine.Session(periods().add("2024-03-04T10:00", "ENERGY", 50, "TIME", 1).list,
                at("2024-03-04T11:00"), AMS)), "10.00", "11.00");
    }
}
