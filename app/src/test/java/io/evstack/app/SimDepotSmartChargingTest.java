package io.evstack.app;

import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static io.evstack.db.generated.Tables.CHARGING_PROFILE;
import static io.evstack.db.generated.Tables.CHARGING_PROFILE_ASSIGNMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.smartcharging.LiveAllocation;
import io.evstack.csms.smartcharging.evaluation.OfflineOptimum;
import io.evstack.csms.smartcharging.evaluation.WorkloadSession;
import io.evstack.csms.smartcharging.site.SessionNeed;
import io.evstack.csms.smartcharging.site.Site;
import io.evstack.csms.smartcharging.site.SiteEvse;
import io.evstack.csms.smartcharging.site.SiteRepository;
import io.evstack.csms.smartcharging.site.SiteService;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionFilter;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import io.evstack.ocpp.v16.ChangeConfiguration;
import io.evstack.ocpp.v201.Component;
import io.evstack.ocpp.v201.SetVariableData;
import io.evstack.ocpp.v201.SetVariablesRequest;
import io.evstack.ocpp.v201.Variable;
import io.evstack.sim.Simulation;
import io.evstack.sim.Simulator;
import io.evstack.sim.charger.ChargerSnapshot;
import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.clock.SimClock;
import io.evstack.sim.model.EvModels;
import io.evstack.sim.model.Vehicle;
import io.evstack.sim.ocpp.ClientOptions;
import io.evstack.sim.ocpp.OcppProtocol;
import io.evstack.sim.scenario.ChargerGroup;
import io.evstack.sim.scenario.Scenario;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The end-to-end test with the simulator: a depot of 20 simulated chargers, fourteen 11 kW AC
 * wallboxes on OCPP 1.6 and six 150 kW DC units on OCPP 2.0.1 (1,055 kW of hardware), under a 300 kW
 * grid connection, against the real stack (WebSockets, database, the live balancer with the deadline
 * algorithm). The simulated chargers enforce what they are sent by computing their own composite
 * schedule, and their meters draw what the EV takes within it. Simulated time runs at {@link #SPEED}x;
 * the CSMS's clock follows it (as if the chargers' clocks were synchronised with the CSMS).
 *
 * <p>The cars: three DC cars that must take 10 kWh within 12 minutes, fourteen AC cars that must take
 * 1 kWh within 16 minutes, and three DC cars that stay for eight hours and would take 450 kW between
 * them at once. A fair share (15 kW an EVSE, the AC cars' unused part shared among the DC ones: 24 kW)
 * would leave the urgent DC cars with 5 kWh. The fleet manager enters each car's departure and energy
 * as its transaction starts (the 2.0.1 EVs report theirs with NotifyEVChargingNeeds too). The offline optimum (an LP over the whole
 * horizon with full knowledge, {@link OfflineOptimum}) fills every car; so must the balancer, which sees
 * a car only once it has arrived.
 *
 * <p>What the depot operator would notice: the summed simulated meters never exceed 300 kW, every car
 * leaves with the energy it asked for, and when a DC charger drops off the network mid-transaction, it
 * falls back to its safe 10 kW by itself once its last TxProfile runs out, while the others take over the
 * rest of the connection, never more than it leaves them.
 */
class SimDepotSmartChargingTest {
    static final double SPEED = 45;
    static final double LIMIT_KW = 300;
    static final double DC_FALLBACK_KW = 10;
    static final Duration PROFILE_TTL = Duration.ofMinutes(6);
    static final String TAG = "FLEET-1";

    /**
     * One car: where it charges, its model and SoC, when it leaves, the energy it asks for, and the power it
     * can take at least over that SoC range (the optimum is given this lower bound, so what it fills, the
     * real car could be filled with).
     */
    record Car(String chargerId, String evModel, double arrivalSoc, double targetSoc, Duration dwell, double needKwh,
            double maxKw) {
        WorkloadSession session(Instant arrival) {
            return new WorkloadSession(chargerId, arrival, arrival.plus(dwell), needKwh, maxKw);
        }
    }

    static List<Car> cars() {
        List<Car> cars = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            // 1 kWh on the meter by 16 minutes; the battery wants a little more (the on-board charger loses 10 %),
            // so the car never stops by itself before its need is met. At 11 kW it takes 5.5 minutes.
            cars.add(new Car(String.format("SD-AC-%03d", i), "midsize-60", 0.10, 0.12, Duration.ofMinutes(16), 1.0, 11.0));
        }
        for (int i = 1; i <= 3; i++) {
            // 10 kWh by 12 minutes: the urgent ones. Their curve gives 110 kW or more from 10 to 50 % SoC.
            cars.add(new Car(String.format("SD-DC-%03d", i), "midsize-60", 0.10, 0.30, Duration.ofMinutes(12), 10.0, 110.0));
        }
        for (int i = 4; i <= 6; i++) {
            // stay for eight hours, 80 kWh: they would take 150 kW each now; at 90 % SoC the curve is down to 45 kW
            cars.add(new Car(String.format("SD-DC-%03d", i), "premium-100", 0.10, 0.90, Duration.ofHours(8), 80.0, 45.0));
        }
        return cars;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void twentySimulatedChargersStayUnderThreeHundredKilowattsAndFillEveryCarTheOptimumFills(Database db)
            throws Exception {
        TestDatabases.reset(db);
        SmartChargingEndToEndTest.FollowingClock clock = new SmartChargingEndToEndTest.FollowingClock();
        // The balancer's round comes every real second (45 simulated seconds here) besides the events; its
        // TxProfiles last 6 simulated minutes (8 real seconds) unless renewed, renewed when half of that is
        // left: a round late by more than that on a loaded machine would let a charger fall back to its
        // fallback, above a lower allocation.
        StackConfig config = TestStacks.config(UnknownChargerPolicy.ACCEPT, Map.of(
                "STACK_BALANCER_PERIOD_MS", "1000",
                "STACK_BALANCER_PROFILE_TTL", Long.toString(PROFILE_TTL.toSeconds()),
                "STACK_BALANCER_ANSWER_TIMEOUT_MS", "5000",
                "STACK_CALL_TIMEOUT", "10")); // a loaded machine answers slowly; 3 s failed fallbacks now and then
        Scenario depot = new Scenario("sim-depot", SPEED, null, List.of(
                new ChargerGroup("ac-11", 14, "SD-AC-", null, OcppProtocol.OCPP16),
                new ChargerGroup("dc-150", 6, "SD-DC-", null, OcppProtocol.OCPP201)), null, List.of(), null);
        List<Car> cars = cars();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (Stack stack = new Stack(config, clock, db).start()) {
            SiteService sites = new SiteService(new SiteRepository(db.dsl()), clock, stack.balancer()::siteChanged);
            sites.putSite(new Site("depot", "sim depot", LIMIT_KW, null, "deadline", 480));
            for (Car car : cars) {
                boolean dc = car.chargerId().startsWith("SD-DC-");
                stack.chargePoints().register(car.chargerId(), dc ? "dc" : "ac", RegistrationStatus.Accepted, 0, null);
                sites.putEvse("depot", dc ? new SiteEvse(car.chargerId(), 1, null, true, 3, 1, 150, DC_FALLBACK_KW)
                        : new SiteEvse(car.chargerId(), 1, null, false, 3, 1, 11.04, 4.14));
            }
            stack.authorization().create(TAG, null, null, false, 100, "fleet card");

            // All chargers on one event loop: the 20 snapshots of one sample then run one after the other in one
            // turn of that loop, between two frames, so they add up to the site's power at one instant (on
            // several loops, a charger read before its decrease and another read after its increase would add
            // up to more than was ever drawn at once).
            ClientOptions options = ClientOptions.DEFAULT.withIoThreads(1);
            try (Simulation sim = Simulator.start(depot, URI.create("ws://127.0.0.1:" + stack.ocppPort() + "/ocpp"), options)) {
                clock.sim = sim.clock();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (SimulatedCharger c : sim.chargers()) {
                        ChargerSnapshot s = c.snapshot().get(5, TimeUnit.SECONDS);
                        if (s.registration() != ChargerSnapshot.Registration.ACCEPTED
                                || !"Available".equals(s.connector(1).status())) {
                            return false;
                        }
                    }
                    return true;
                });
                // A driver gives up after ConnectionTimeOut (60 simulated s = a quarter of a real second here):
                // on a loaded machine Authorize can take longer. Drivers here wait.
                for (SimulatedCharger c : sim.chargers()) {
                    if (c.id().startsWith("SD-AC-")) {
                        stack.operations().changeConfiguration(c.id(), new ChangeConfiguration()
                                .withKey("ConnectionTimeOut").withValue("3600")).get(10, TimeUnit.SECONDS);
                    } else {
                        stack.operations201().setVariables(c.id(), new SetVariablesRequest().withSetVariableData(List.of(
                                new SetVariableData().withAttributeValue("3600").withComponent(new Component().withName("TxCtrlr"))
                                        .withVariable(new Variable().withName("EVConnectionTimeOut"))))).get(10, TimeUnit.SECONDS);
                    }
                }

                // The depot is commissioned: the balancer has installed every charger's fallback TxDefaultProfile
                // before the first car arrives. (Without it a charger lets a car draw its hardware limit: cars
                // plugged in while a loaded machine was still installing them drew 660 kW here.)
                await().atMost(Duration.ofSeconds(30)).until(() -> db.dsl().fetchCount(db.dsl()
                        .selectDistinct(CHARGING_PROFILE_ASSIGNMENT.CHARGE_POINT_PK).from(CHARGING_PROFILE_ASSIGNMENT)
                        .join(CHARGING_PROFILE).on(CHARGING_PROFILE.ID.eq(CHARGING_PROFILE_ASSIGNMENT.CHARGING_PROFILE_PK))
                        .where(CHARGING_PROFILE.PROFILE_PURPOSE.eq("TxDefaultProfile"))
                        .and(CHARGING_PROFILE_ASSIGNMENT.STATUS.eq("Accepted"))) == cars.size());

                // the summed meters, read all the time (all 20 in one turn of the simulation's event loop)
                List<double[]> samples = new CopyOnWriteArrayList<>(); // {simulated epoch ms, total W, dropped charger W}
                AtomicReference<String> droppedId = new AtomicReference<>("");
                Thread sampler = Thread.ofVirtual().start(() -> {
                    while (running.get()) {
                        try {
                            List<CompletableFuture<ChargerSnapshot>> all = sim.chargers().stream()
                                    .map(SimulatedCharger::snapshot).toList();
                            double total = 0;
                            double droppedW = 0;
                            for (CompletableFuture<ChargerSnapshot> f : all) {
                                ChargerSnapshot s = f.get(5, TimeUnit.SECONDS);
                                total += s.connector(1).powerW();
                                if (s.chargerId().equals(droppedId.get())) {
                                    droppedW = s.connector(1).powerW();
                                }
                            }
                            samples.add(new double[] {sim.clock().now().toEpochMilli(), total, droppedW});
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            failures.add(e);
                            return;
                        }
                    }
                });

                // the fleet manager enters each car's departure and energy once its transaction has started
                Instant t0 = sim.clock().now();
                Map<String, Car> byCharger = new ConcurrentHashMap<>();
                cars.forEach(c -> byCharger.put(c.chargerId(), c));
                Set<Long> needsEntered = ConcurrentHashMap.newKeySet();
                Set<String> chargersWithNeeds = ConcurrentHashMap.newKeySet();
                Thread fleetManager = Thread.ofVirtual().start(() -> {
                    try {
                        while (running.get()) {
                            var active = db.dsl().select(CHARGE_TRANSACTION.ID, CHARGE_POINT.CHARGE_POINT_ID)
                                    .from(CHARGE_TRANSACTION).join(CHARGE_POINT).on(CHARGE_POINT.ID.eq(CHARGE_TRANSACTION.CHARGE_POINT_PK))
                                    .where(CHARGE_TRANSACTION.STOP_TIME.isNull()).fetch();
                            for (var r : active) {
                                Car car = byCharger.get(r.value2());
                                if (car != null && needsEntered.add(r.value1())) {
                                    chargersWithNeeds.add(r.value2());
                                    // the car's own limit matters on AC (its on-board charger); a DC car's is its curve
                                    Double carMaxKw = car.chargerId().startsWith("SD-AC-") ? car.maxKw() : null;
                                    sites.putNeed(new SessionNeed(r.value1(), car.needKwh(), t0.plus(car.dwell()), 0, carMaxKw));
                                }
                            }
                            Thread.sleep(50);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                });
                for (Car car : cars) {
                    sim.charger(car.chargerId()).orElseThrow().plugIn(1, new Vehicle("ev-" + car.chargerId(),
                            EvModels.get(car.evModel()), car.arrivalSoc(), car.targetSoc(), t0, t0.plus(car.dwell()), TAG));
                }

                // every car's transaction starts and gets its need
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(failures).isEmpty();
                    assertThat(chargersWithNeeds).as("needs entered (transactions started)")
                            .containsExactlyInAnyOrderElementsOf(byCharger.keySet());
                });

                // after 13 simulated minutes (the urgent DC cars have left) a long-staying DC car's charger drops
                // off the network mid-transaction and stays off: one drawing above its fallback (the balancer
                // serves the long-stayers one after the other)
                awaitSimulated(sim.clock(), t0.plus(Duration.ofMinutes(13)));
                AtomicReference<SimulatedCharger> drawing = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(15)).until(() -> {
                    for (String id : List.of("SD-DC-004", "SD-DC-005", "SD-DC-006")) {
                        SimulatedCharger c = sim.charger(id).orElseThrow();
                        if (c.snapshot().get(5, TimeUnit.SECONDS).connector(1).powerW() > DC_FALLBACK_KW * 1000 + 1000) {
                            drawing.set(c);
                            return true;
                        }
                    }
                    return false;
                });
                SimulatedCharger dropped = drawing.get();
                droppedId.set(dropped.id());
                dropped.goOffline();
                String offlineId = dropped.id();
                Instant droppedAt = sim.clock().now();
                await().atMost(Duration.ofSeconds(10)).until(() -> stack.balancer().live("depot").stream()
                        .anyMatch(a -> a.chargePointId().equals(offlineId) && !a.online()));
                LiveAllocation counted = stack.balancer().live("depot").stream()
                        .filter(a -> a.chargePointId().equals(offlineId)).findFirst().orElseThrow();
                assertThat(counted.limitW()).as("an offline charger is counted at least at its fallback")
                        .isGreaterThanOrEqualTo(DC_FALLBACK_KW * 1000);
                // its last TxProfile runs out within PROFILE_TTL; then it draws its fallback at most
                Instant expired = droppedAt.plus(PROFILE_TTL);
                awaitSimulated(sim.clock(), expired.plus(Duration.ofMinutes(3)));
                running.set(false);
                sampler.join();
                fleetManager.join();
                assertThat(failures).isEmpty();

                // 1. the site's limit: never exceeded by the summed meters. No allowance for a reaction delay:
                // the balancer's decreases are accepted before it sends increases, and a simulated charger
                // enforces a profile from the moment it accepts it (it answers after installing it); an offline
                // charger is counted at its TxProfile until that runs out and at its fallback after.
                // Only the meters' rounding is allowed (50 W).
                assertThat(samples).hasSizeGreaterThan(50);
                double peak = samples.stream().mapToDouble(s -> s[1]).max().orElseThrow();
                List<String> over = samples.stream().filter(s -> s[1] > LIMIT_KW * 1000 + 50)
                        .map(s -> Duration.between(t0, Instant.ofEpochMilli((long) s[0])) + "=" + Math.round(s[1]) + " W")
                        .toList();
                assertThat(over).as("samples above %s kW (peak %s W)", LIMIT_KW, Math.round(peak)).isEmpty();
                assertThat(peak).as("the connection is used").isGreaterThan(0.9 * LIMIT_KW * 1000);

                // 2. the dropped charger: at its fallback once its TxProfile ran out; the others took over the rest
                List<double[]> afterExpiry = samples.stream()
                        .filter(s -> s[0] > expired.plus(Duration.ofMinutes(1)).toEpochMilli()).toList();
                assertThat(afterExpiry).isNotEmpty().allSatisfy(s -> assertThat(s[2]).as("offline charger's meter")
                        .isLessThanOrEqualTo(DC_FALLBACK_KW * 1000 + 1));
                // the balancer keeps each idle EVSE's idle level free (a car plugging in there starts at it until
                // the balancer raises it: 6 A on the AC wallboxes, their fallback too, and nothing on a DC unit),
                // counts the offline charger at its fallback and keeps its 2 % margin: the two online long-stayers
                // get all the rest (with each idle EVSE held at its fallback they got 30 kW less)
                double reservedW = 14 * 4_140 + DC_FALLBACK_KW * 1000 + 0.02 * LIMIT_KW * 1000;
                double toLongStayers = afterExpiry.getLast()[1] - afterExpiry.getLast()[2];
                assertThat(toLongStayers)
                        .as("the two online long-stayers take what the offline and the idle EVSEs leave")
                        .isGreaterThan(LIMIT_KW * 1000 - reservedW - 1000);

                // 3. every car that the offline optimum fills is filled
                List<WorkloadSession> sessions = cars.stream().map(c -> c.session(t0)).toList();
                double asked = cars.stream().mapToDouble(Car::needKwh).sum();
                double optimum = OfflineOptimum.energyKwh(sessions, LIMIT_KW, Duration.ofMinutes(1));
                assertThat(optimum).as("the optimum fills every car").isCloseTo(asked, offset(0.01));
                double leastFilled = Double.POSITIVE_INFINITY;
                for (Car car : cars) {
                    if (car.dwell().compareTo(Duration.ofHours(1)) > 0) {
                        continue; // still there at the end of the test
                    }
                    List<Transaction> txs = stack.transactions().list(new TransactionFilter(
                            car.chargerId(), null, null, null, null, 0, 10));
                    assertThat(txs).as("transactions of %s", car.chargerId()).hasSize(1);
                    Transaction tx = txs.getFirst();
                    assertThat(tx.active()).as("%s left", car.chargerId()).isFalse();
                    assertThat(tx.energyWh() / 1000.0).as("energy of %s, which the optimum fills", car.chargerId())
                            .isGreaterThanOrEqualTo(car.needKwh() * 0.98);
                    leastFilled = Math.min(leastFilled, tx.energyWh() / 1000.0 / car.needKwh());
                }
                System.out.printf("sim depot on %s: %d samples, peak %.0f W, optimum %.2f of %.2f kWh, least filled car %.3f, "
                        + "%.0f W to the two online long-stayers at the end%n", db, samples.size(), peak, optimum, asked,
                        leastFilled, toLongStayers);
            }
        } finally {
            running.set(false);
        }
    }

    /** Waits (in real time) until the simulated clock has reached {@code at}. */
    private static void awaitSimulated(SimClock clock, Instant at) throws InterruptedException {
        Duration left = Duration.between(clock.now(), at);
        if (left.isPositive()) {
            Thread.sleep(clock.toReal(left).toMillis() + 1);
        }
    }
}
