package io.evstack.csms.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.authorization.Authorization;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.authorization.AuthorizationStatus;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.event.EventPublisher;
import io.evstack.csms.security.PasswordHasher;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starts with roaming tags (unknown to the CSMS, answered by a remote authorizer such as the OCPI bridge's
 * real-time authorization, which itself needs a pooled connection and an HTTP round trip).
 */
class RoamingStartTest {
    /**
     * Regression: the remote authorizer was asked inside the start's database transaction, so as many
     * concurrent roaming starts as the pool has connections each held one and waited for another.
     */
    @Test
    void concurrentRoamingStartsBeyondThePoolSizeAllComplete() throws Exception {
        try (Database db = TestDatabases.h2()) {
            var dsl = db.dsl();
            Clock clock = Clock.systemUTC();
            // Like the bridge: a query of its own (a second connection) and a slow answer.
            AuthorizationService authorization = new AuthorizationService(dsl, clock, idTag -> {
                dsl.fetchCount(io.evstack.db.generated.Tables.CHARGE_POINT);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of(new Authorization(AuthorizationStatus.Accepted, null, null));
            });
            var chargePoints = new ChargePointService(dsl, clock, EventPublisher.NONE, new PasswordHasher(1000),
                    UnknownChargerPolicy.ACCEPT, 300, 60, "node-1");
            var transactions = new TransactionService(dsl, clock, EventPublisher.NONE, authorization);
            int starts = 16; // the H2 test pool has 4 connections
            for (int i = 0; i < starts; i++) {
                chargePoints.register("ROAM-" + i, null, RegistrationStatus.Accepted, 0, null);
            }
            Instant at = Instant.parse("2026-11-24T10:00:00Z");
            var threads = Executors.newVirtualThreadPerTaskExecutor();
            List<CompletableFuture<TransactionService.StartResult>> results = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                String id = "ROAM-" + i;
                results.add(CompletableFuture.supplyAsync(() -> transactions.start(id, 1, "EMSP-" + id, 0, at, null), threads));
            }
            for (var result : results) {
                var started = result.get(20, TimeUnit.SECONDS);
                assertThat(started.authorization().status()).isEqualTo(AuthorizationStatus.Accepted);
            }
            assertThat(dsl.fetchCount(io.evstack.db.generated.Tables.CHARGE_TRANSACTION)).isEqualTo(starts);
        }
    }
}
