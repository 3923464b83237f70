package io.evstack.csms.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.chargepoint.ChargePointRepository;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReservationExpiryTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void acceptedReservationsPastTheirExpiryExpireAndStopHoldingTheConnector(Database db) {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        var dsl = db.dsl();
        long cp = new ChargePointRepository(dsl).insert("R-1", null, RegistrationStatus.Accepted, 0, null, now);
        var repo = new ReservationRepository(dsl);
        long soon = repo.insert(cp, 1, "A", null, now.plusSeconds(60), now);
        long later = repo.insert(cp, 2, "B", null, now.plusSeconds(3600), now);
        repo.updateStatus(soon, Reservation.Status.Accepted, now);
        repo.updateStatus(later, Reservation.Status.Accepted, now);

        var atNow = new ReservationService(dsl, Clock.fixed(now, ZoneOffset.UTC));
        assertThat(atNow.holding(cp, 1)).extracting(Reservation::id).containsExactly(soon);
        assertThat(atNow.expireOverdue()).isZero();

        var twoMinutesLater = new ReservationService(dsl, Clock.fixed(now.plusSeconds(120), ZoneOffset.UTC));
        assertThat(twoMinutesLater.holding(cp, 1)).isEmpty();
        assertThat(twoMinutesLater.expireOverdue()).isEqualTo(1);
        assertThat(twoMinutesLater.get(soon).status()).isEqualTo(Reservation.Status.Expired);
        assertThat(twoMinutesLater.get(later).status()).isEqualTo(Reservation.Status.Accepted);
        assertThat(twoMinutesLater.list("R-1", true)).extracting(Reservation::id).containsExactly(later);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aReservationOfConnectorZeroHoldsEveryConnector(Database db) {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        var dsl = db.dsl();
        long cp = new ChargePointRepository(dsl).insert("R-2", null, RegistrationStatus.Accepted, 0, null, now);
        var repo = new ReservationRepository(dsl);
        long whole = repo.insert(cp, 0, "A", "FLEET", now.plusSeconds(600), now);
        repo.updateStatus(whole, Reservation.Status.Accepted, now);
        var service = new ReservationService(dsl, Clock.fixed(now, ZoneOffset.UTC));
        Reservation r = service.holding(cp, 3).getFirst();
        assertThat(r.admits("A", null)).isTrue();
        assertThat(r.admits("B", "FLEET")).isTrue();
        assertThat(r.admits("B", "OTHER")).isFalse();
    }
}
