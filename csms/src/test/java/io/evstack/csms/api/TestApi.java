package io.evstack.csms.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.event.EventPublisher;
import io.evstack.csms.firmware.FirmwareService;
import io.evstack.csms.messagelog.MessageLog;
import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.csms.reservation.ReservationService;
import io.evstack.csms.security.PasswordHasher;
import io.evstack.csms.security.SecurityEventService;
import io.evstack.csms.smartcharging.ChargingProfileRepository;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import io.evstack.ocpp.server.ChargerGateway;
import io.evstack.ocpp.server.ChargerNotConnectedException;
import io.evstack.ocpp.server.ChargerSession;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The operator API on an ephemeral port over a fresh, migrated H2 database, with real services and a
 * charger gateway that has no charger connected (the contract of {@link ChargerGateway} when nobody is
 * there: {@code isConnected} false and calls failing with {@link ChargerNotConnectedException}).
 */
final class TestApi implements AutoCloseable {
    static final String USER = "operator";
    static final String PASSWORD = "correct horse battery staple";

    final Database db;
    final PasswordHasher hasher = new PasswordHasher(1000);
    final Clock clock = Clock.systemUTC();
    final ChargePointService chargePoints;
    final AuthorizationService authorization;
    final TransactionService transactions;
    final ReservationService reservations;
    final MessageLog messageLog;
    final FirmwareService firmware;
    final SecurityEventService securityEvents;
    final ApiServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestApi() {
        this(app -> {});
    }

    TestApi(Consumer<Javalin> extraRoutes) {
        db = TestDatabases.h2();
        var dsl = db.dsl();
        chargePoints = new ChargePointService(dsl, clock, EventPublisher.NONE, hasher, UnknownChargerPolicy.PENDING,
                300, 60, "node-1");
        authorization = new AuthorizationService(dsl, clock);
        transactions = new TransactionService(dsl, clock, EventPublisher.NONE, authorization);
        reservations = new ReservationService(dsl, clock);
        messageLog = new MessageLog(dsl, clock, Duration.ofDays(30));
        firmware = new FirmwareService(dsl, clock, chargePoints);
        securityEvents = new SecurityEventService(dsl, clock, chargePoints);
        ChargerGateway gateway = new NobodyConnected();
        var operations = new Ocpp16Operations(dsl, clock, gateway, chargePoints, authorization, hasher);
        var services = new ApiServices(chargePoints, authorization, transactions, reservations, operations,
                firmware, securityEvents, messageLog, new ChargingProfileRepository(dsl), gateway,
                new io.evstack.csms.smartcharging.site.SiteService(new io.evstack.csms.smartcharging.site.SiteRepository(dsl),
                        clock, siteId -> {}),
                new io.evstack.csms.smartcharging.LoadBalancer(new io.evstack.csms.smartcharging.site.SiteRepository(dsl),
                        new io.evstack.csms.smartcharging.OcppProfileSender(dsl, operations, null, chargePoints, null,
                                id -> Optional.empty()),
                        id -> false, clock, io.evstack.csms.smartcharging.LoadBalancer.Settings.DEFAULT));
        server = new ApiServer(services, new ApiCredentials(USER, hasher.hash(PASSWORD), hasher), extraRoutes).start(0);
    }

    void reset() {
        TestDatabases.reset(db);
    }

    @Override
    public void close() {
        server.close();
        messageLog.close();
        db.close();
    }

    // --- HTTP

    record Response(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return ApiJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        /** Asserts the status and that the body is the API's error shape; returns the message. */
        String error(int expectedStatus) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            assertThat(headers.firstValue("Content-Type")).get().asString().startsWith("application/json");
            JsonNode json = json();
            assertThat(json.path("status").asInt()).isEqualTo(expectedStatus);
            assertThat(json.path("error").isTextual()).as("error message in %s", body).isTrue();
            return json.path("error").asText();
        }

        JsonNode ok(int expectedStatus) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            return json();
        }
    }

    Response get(String path) {
        return send("GET", path, null, basic(USER, PASSWORD));
    }

    Response post(String path, String body) {
        return send("POST", path, body, basic(USER, PASSWORD));
    }

    Response put(String path, String body) {
        return send("PUT", path, body, basic(USER, PASSWORD));
    }

    Response patch(String path, String body) {
        return send("PATCH", path, body, basic(USER, PASSWORD));
    }

    Response delete(String path) {
        return send("DELETE", path, null, basic(USER, PASSWORD));
    }

    Response send(String method, String path, String body, String authorization) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** No charger holds a socket: what a real gateway does for a charger that is not connected. */
    static final class NobodyConnected implements ChargerGateway {
        @Override
        public <R> CompletableFuture<R> call(String chargerId, String action, Object request, Class<R> responseType) {
            return CompletableFuture.failedFuture(new ChargerNotConnectedException(chargerId));
        }

        @Override
        public boolean isConnected(String chargerId) {
            return false;
        }

        @Override
        public Optional<ChargerSession> session(String chargerId) {
            return Optional.empty();
        }

        @Override
        public Collection<ChargerSession> sessions() {
            return List.of();
        }
    }
}
