package io.evstack.app;

import static io.evstack.app.TestCharger.obj;
import static io.evstack.db.generated.Tables.SESSION_NEED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.smartcharging.LiveAllocation;
import io.evstack.csms.smartcharging.site.Circuit;
import io.evstack.csms.smartcharging.site.Site;
import io.evstack.csms.smartcharging.site.SiteEvse;
import io.evstack.csms.smartcharging.site.SiteRepository;
import io.evstack.csms.smartcharging.site.SiteService;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A depot of 20 chargers under a 300 kW grid connection, over real WebSockets: twelve 22 kW AC wallboxes
 * and six 150 kW DC units on OCPP 1.6, two 150 kW DC stations on OCPP 2.0.1; one 1.6 and one 2.0.1 DC unit
 * hang from a 100 kW feeder. 1,464 kW of hardware. Each charger here is a raw OCPP client with a meter
 * that obeys the profiles it accepted (TxProfile of its transaction, else TxDefaultProfile, capped by the
 * station profile) and the car's own limit, and reports that power in its meter values.
 *
 * <p>What a depot operator would notice: the summed meters never exceed 300 kW; the connection is used;
 * an AC car gets 6 A or more, or nothing; a 2.0.1 station whose EV reports its charging needs gets a
 * TxProfile within the EV's limit; a charger that drops off the network keeps being counted at what it
 * may still draw; a charger whose composite schedule disagrees is recorded, not argued with.
 *
 * <p>No tolerance is needed for a reaction delay: these meters follow a profile the moment the charger
 * accepts it, before it answers, and the balancer sends decreases, and waits for their answers, before
 * increases, also where a round starts while the previous round's increases are still unanswered (this
 * test caught that: the next round took such an EVSE for being at its old limit). (The 1.6 simulator's meters lag one meter interval behind a profile; a test on them has to
 * allow that interval above the limit, see SmartChargingEndToEndTest.) Only rounding is allowed: 1 W.
 */
class DepotSmartChargingTest {
    static final double LIMIT_W = 300_000;
    static final double VOLTS = 230;

    /** One charger with one EVSE and a meter that obeys its profiles. */
    static final class MeteredCharger implements AutoCloseable {
        final String id;
        final boolean v201;
        final boolean dc;
        final double hardwareW;
        final TestCharger link;
        final List<String> acBelowMinimum = new CopyOnWriteArrayList<>();
        final AtomicInteger txProfiles = new AtomicInteger();
        final AtomicInteger compositeAsked = new AtomicInteger();
        volatile boolean lies;
        volatile double txDefaultW = Double.NaN;
        /** The idle level: a TxDefaultProfile above the fallback (its validTo is not modelled: it is renewed). */
        volatile double idleW = Double.NaN;
        volatile double txProfileW = Double.NaN;
        volatile String txProfileFor;
        volatile double capW = Double.POSITIVE_INFINITY;
        volatile String transactionId;
        volatile double evMaxW;
        volatile double energyWh;
        volatile int seqNo;

        MeteredCharger(Stack stack, String id, boolean v201, boolean dc, double hardwareW) throws Exception {
            this.id = id;
            this.v201 = v201;
            this.dc = dc;
            this.hardwareW = hardwareW;
            // answering from the first moment: the balancer sends the fallback as soon as the charger connects,
            // and an unanswered one held its round for the answer timeout (35 s; seen failing in CI)
            Map<String, Function<JsonNode, Object>> answers = Map.of("SetChargingProfile", this::setChargingProfile,
                    "GetCompositeSchedule", this::composite);
            this.link = TestCharger.connect(stack.ocppPort(), "/ocpp/" + id, id, null,
                    List.of(v201 ? "ocpp2.0.1" : "ocpp1.6"), answers);
            if (v201) {
                link.call("BootNotification", Ocpp201ProvisioningTest.boot());
            } else {
                link.call("BootNotification", Ocpp16TransactionFlowTest.boot());
                link.call("StatusNotification", obj().put("connectorId", 1).put("status", "Available").put("errorCode", "NoError"));
            }
        }

        /** Applies the profile, then answers: what the meter shows changes before the CSMS hears Accepted. */
        private synchronized Object setChargingProfile(JsonNode req) {
            JsonNode profile = v201 ? req.get("chargingProfile") : req.get("csChargingProfiles");
            JsonNode schedule = v201 ? profile.get("chargingSchedule").get(0) : profile.get("chargingSchedule");
            JsonNode period = schedule.get("chargingSchedulePeriod").get(0);
            String unit = schedule.get("chargingRateUnit").asText();
            double limit = period.get("limit").asDouble();
            double w = "W".equals(unit) ? limit : limit * VOLTS * period.path("numberPhases").asInt(3);
            switch (profile.get("chargingProfilePurpose").asText()) {
                case "TxDefaultProfile" -> {
                    if (profile.get("stackLevel").asInt() == 0) {
                        txDefaultW = w;
                    } else {
                        idleW = w;
                    }
                }
                case "ChargePointMaxProfile", "ChargingStationMaxProfile" -> capW = w;
                case "TxProfile" -> {
                    if (!dc && "A".equals(unit) && limit > 0 && limit < 6) {
                        acBelowMinimum.add(limit + " A");
                    }
                    txProfileW = w;
                    txProfileFor = profile.get("transactionId").asText();
                    txProfiles.incrementAndGet();
                }
                default -> {}
            }
            return obj().put("status", "Accepted");
        }

        /** The limit in force now; a charger that {@link #lies} shows its hardware limit instead. */
        private Object composite(JsonNode req) {
            compositeAsked.incrementAndGet();
            String unit = req.path("chargingRateUnit").asText("W");
            double w = lies ? hardwareW : Math.min(limitW(), hardwareW);
            double limit = "W".equals(unit) ? Math.floor(w) : Math.floor(w / (VOLTS * 3) * 10) / 10;
            ObjectNode schedule = obj().put("duration", req.get("duration").asInt()).put("chargingRateUnit", unit)
                    .put("scheduleStart", Instant.now().toString());
            schedule.putArray("chargingSchedulePeriod").addObject().put("startPeriod", 0).put("limit", limit);
            if (v201) {
                schedule.put("evseId", 1);
                return obj().put("status", "Accepted").set("schedule", schedule);
            }
            schedule.remove("scheduleStart");
            return obj().put("status", "Accepted").put("connectorId", 1).put("scheduleStart", Instant.now().toString())
                    .set("chargingSchedule", schedule);
        }

        synchronized double limitW() {
            double tx = transactionId != null && transactionId.equals(txProfileFor) ? txProfileW : Double.NaN;
            double w = !Double.isNaN(tx) ? tx : !Double.isNaN(idleW) ? idleW : !Double.isNaN(txDefaultW) ? txDefaultW
                    : hardwareW;
            return Math.min(w, capW);
        }

        /** What the meter shows: the car takes what it may, up to its own limit. */
        double drawW() {
            return transactionId == null ? 0 : Math.min(Math.min(limitW(), hardwareW), evMaxW);
        }

        void plugIn(double carMaxW) throws Exception {
            evMaxW = carMaxW;
            Instant now = Instant.now();
            if (v201) {
                String tx = "T-" + id;
                ObjectNode e = obj().put("eventType", "Started").put("seqNo", seqNo++).put("triggerReason", "Authorized")
                        .put("timestamp", now.toString());
                e.putObject("transactionInfo").put("transactionId", tx).put("chargingState", "Charging");
                e.putObject("evse").put("id", 1).put("connectorId", 1);
                e.putObject("idToken").put("idToken", "FLEET-1").put("type", "ISO14443");
                link.call("TransactionEvent", e);
                transactionId = tx;
            } else {
                link.call("StatusNotification", obj().put("connectorId", 1).put("status", "Preparing").put("errorCode", "NoError"));
                JsonNode started = link.call("StartTransaction", obj().put("connectorId", 1).put("idTag", "FLEET-1")
                        .put("meterStart", 0).put("timestamp", now.toString()));
                transactionId = started.get("transactionId").asText();
                link.call("StatusNotification", obj().put("connectorId", 1).put("status", "Charging").put("errorCode", "NoError"));
            }
        }

        /** Reports the meter: energy and the power drawn now. */
        void report(Duration since) throws Exception {
            if (transactionId == null || !link.isOpen()) {
                return;
            }
            double w = drawW();
            energyWh += w * since.toMillis() / 3_600_000.0;
            Instant now = Instant.now();
            if (v201) {
                ObjectNode e = obj().put("eventType", "Updated").put("seqNo", seqNo++).put("triggerReason", "MeterValuePeriodic")
                        .put("timestamp", now.toString());
                e.putObject("transactionInfo").put("transactionId", transactionId);
                var sampled = e.putArray("meterValue").addObject().put("timestamp", now.toString()).putArray("sampledValue");
                sampled.addObject().put("value", Math.round(energyWh)).put("measurand", "Energy.Active.Import.Register");
                sampled.addObject().put("value", Math.round(w)).put("measurand", "Power.Active.Import");
                link.call("TransactionEvent", e);
            } else {
                link.call("MeterValues", Ocpp16TransactionFlowTest.meterValues(1, Integer.parseInt(transactionId), now,
                        Math.round(energyWh), Math.round(w)));
            }
        }

        @Override
        public void close() throws InterruptedException {
            link.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void twentyChargersStayUnderThreeHundredKilowatts(Database db) throws Exception {
        TestDatabases.reset(db);
        List<MeteredCharger> chargers = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            SiteService sites = new SiteService(new SiteRepository(db.dsl()), java.time.Clock.systemUTC(),
                    stack.balancer()::siteChanged);
            sites.putSite(new Site("depot", "bus depot", LIMIT_W / 1000, null, "deadline", 480));
            sites.putCircuit("depot", new Circuit("feeder-1", null, 100.0, null));
            stack.authorization().create("FLEET-1", null, null, false, 100, "fleet card");
            for (int i = 1; i <= 12; i++) {
                sites.putEvse("depot", new SiteEvse(String.format("AC-%02d", i), 1, null, false, 3, 1, 22.08, 4.14));
            }
            for (int i = 1; i <= 6; i++) {
                sites.putEvse("depot", new SiteEvse("DC16-" + i, 1, i == 1 ? "feeder-1" : null, true, 3, 1, 150, 10));
            }
            for (int i = 1; i <= 2; i++) {
                sites.putEvse("depot", new SiteEvse("DC201-" + i, 1, i == 1 ? "feeder-1" : null, true, 3, 1, 150, 10));
            }
            for (int i = 1; i <= 12; i++) {
                chargers.add(new MeteredCharger(stack, String.format("AC-%02d", i), false, false, 22_080));
            }
            for (int i = 1; i <= 6; i++) {
                chargers.add(new MeteredCharger(stack, "DC16-" + i, false, true, 150_000));
            }
            for (int i = 1; i <= 2; i++) {
                chargers.add(new MeteredCharger(stack, "DC201-" + i, true, true, 150_000));
            }
            MeteredCharger liar = chargers.get(0);
            liar.lies = true;
            MeteredCharger dropped = chargers.get(13); // DC16-2
            MeteredCharger needs = chargers.get(19); // DC201-2, on the site directly

            // every charger gets its fallback; the two on the 100 kW feeder a station cap of 100 kW
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (MeteredCharger c : chargers) {
                    assertThat(c.txDefaultW).as("fallback of %s", c.id).isEqualTo(c.dc ? 10_000 : 6 * VOLTS * 3);
                    // below the fallback, the idle level a car plugged in there starts at: nothing on DC (on AC
                    // it would be 6 A, which is the fallback already)
                    if (c.dc) {
                        assertThat(c.idleW).as("idle level of %s", c.id).isZero();
                    } else {
                        assertThat(c.idleW).as("idle level of %s", c.id).isNaN();
                    }
                }
                assertThat(chargers.get(12).capW).as("1.6 ChargePointMaxProfile").isEqualTo(100_000);
                assertThat(chargers.get(18).capW).as("2.0.1 ChargingStationMaxProfile").isEqualTo(100_000);
            });
            assertThat(chargers.get(13).capW).as("no cap where the charger cannot overload anything").isInfinite();

            // the summed meters, read all the time, and the meters reported every half second
            List<Double> maxSeen = new CopyOnWriteArrayList<>(List.of(0.0));
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    double sum = chargers.stream().mapToDouble(MeteredCharger::drawW).sum();
                    if (sum > maxSeen.get(0)) {
                        maxSeen.set(0, sum);
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Thread meters = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    for (MeteredCharger c : chargers) {
                        try {
                            c.report(Duration.ofMillis(500));
                        } catch (Exception e) {
                            // a dropped charger cannot report
                        }
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            for (int i = 0; i < chargers.size(); i++) {
                MeteredCharger c = chargers.get(i);
                double car = c.dc ? (i % 3 == 0 ? 50_000 : 150_000) : (i % 4 == 0 ? 11_040 : 22_080);
                c.plugIn(car);
            }
            // patient: on a loaded machine a round may wait for a slow answer to a decrease (the answer timeout,
            // 35 s) before it raises the others; once failed at 25 s in CI with 246 of 270 kW reached
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(chargers).allSatisfy(c -> assertThat(c.txProfiles.get()).as("TxProfile for %s", c.id).isPositive());
                assertThat(chargers.stream().mapToDouble(MeteredCharger::drawW).sum()).as("the connection is used")
                        .isGreaterThan(0.9 * LIMIT_W);
            });

            // K15: a 2.0.1 EV reports 40 kW max and 30 kWh by its departure in 30 minutes (it cannot make it:
            // the most urgent car of the depot): Accepted, and a TxProfile at its own limit
            int before = needs.txProfiles.get();
            JsonNode answer = needs.link.call("NotifyEVChargingNeeds", obj().put("evseId", 1).set("chargingNeeds", obj()
                    .put("requestedEnergyTransfer", "DC").put("departureTime", Instant.now().plusSeconds(1800).toString())
                    .set("dcChargingParameters", obj().put("evMaxCurrent", 100).put("evMaxVoltage", 400)
                            .put("energyAmount", 30000).put("evMaxPower", 40000))));
            assertThat(answer.get("status").asText()).isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(needs.txProfiles.get()).isGreaterThan(before);
                assertThat(needs.txProfileW).isEqualTo(40_000);
            });
            var need = db.dsl().selectFrom(SESSION_NEED).fetchOne();
            assertThat(need.getMaxKw().doubleValue()).isEqualTo(40.0);
            assertThat(need.getDepartureAt()).isAfter(Instant.now().plusSeconds(1700));

            // a charger whose composite schedule shows more than it was sent: recorded, not resent over and over
            await().atMost(Duration.ofSeconds(15)).until(() -> sites.history("depot", liar.id, null, null, 100).stream()
                    .anyMatch(a -> "Mismatch".equals(a.sendStatus())));
            assertThat(liar.compositeAsked.get()).isLessThanOrEqualTo(liar.txProfiles.get());

            // a DC unit drops off the network while charging: its meter goes on at what it was allowed
            double allowedWhenDropped = dropped.limitW();
            dropped.link.dropConnection();
            await().atMost(Duration.ofSeconds(10)).until(() -> stack.balancer().live("depot").stream()
                    .anyMatch(a -> a.chargePointId().equals(dropped.id) && !a.online()));
            // the others are rebalanced around it: stop two cars and let the rest take over their share
            for (MeteredCharger c : List.of(chargers.get(3), chargers.get(15))) {
                if (c.v201) {
                    continue;
                }
                c.link.call("StopTransaction", obj().put("transactionId", Integer.parseInt(c.transactionId)).put("meterStop",
                        Math.round(c.energyWh)).put("timestamp", Instant.now().toString()).put("reason", "EVDisconnected"));
                c.transactionId = null;
            }
            Thread.sleep(3000);
            List<LiveAllocation> live = stack.balancer().live("depot");
            LiveAllocation off = live.stream().filter(a -> a.chargePointId().equals(dropped.id)).findFirst().orElseThrow();
            assertThat(off.limitW()).as("counted at its last TxProfile until it runs out, never below its fallback")
                    .isGreaterThanOrEqualTo(Math.max(allowedWhenDropped, 10_000) - 1);

            running.set(false);
            sampler.join();
            meters.join();
            assertThat(maxSeen.get(0)).as("the summed meters, at most").isLessThanOrEqualTo(LIMIT_W + 1);
            assertThat(chargers).allSatisfy(c -> assertThat(c.acBelowMinimum).as("AC below 6 A at %s", c.id).isEmpty());
        } finally {
            running.set(false);
            for (MeteredCharger c : chargers) {
                c.close();
            }
        }
    }
}
