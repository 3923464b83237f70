package io.evstack.sim;

import io.evstack.ocpp.server.ChargerAuthenticator;
import io.evstack.ocpp.server.ChargerSession;
import io.evstack.ocpp.server.ConnectionListener;
import io.evstack.ocpp.server.FrameListener;
import io.evstack.ocpp.server.OcppServer;
import io.evstack.ocpp.server.OcppServerConfig;
import io.evstack.ocpp.v16.AuthorizationStatus;
import io.evstack.ocpp.v16.AuthorizeResponse;
import io.evstack.ocpp.v16.BootNotificationResponse;
import io.evstack.ocpp.v16.DataTransferResponse;
import io.evstack.ocpp.v16.DiagnosticsStatusNotificationResponse;
import io.evstack.ocpp.v16.FirmwareStatusNotificationResponse;
import io.evstack.ocpp.v16.HeartbeatResponse;
import io.evstack.ocpp.v16.IdTagInfo;
import io.evstack.ocpp.v16.MeterValuesResponse;
import io.evstack.ocpp.v16.StartTransactionResponse;
import io.evstack.ocpp.v16.StatusNotificationResponse;
import io.evstack.ocpp.v16.StopTransactionResponse;
import io.evstack.ocpp.rpc.ErrorCode;
import io.evstack.ocpp.rpc.OcppException;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real {@link OcppServer} on loopback with a tiny central system behind it: it accepts every boot
 * (or what {@link #bootStatus} says), accepts the id tags starting with "OK" or "DEMO-", numbers transactions from
 * 1000, and records every call it handled, in order.
 */
public final class TestCsms implements AutoCloseable {
    /** One CALL the server handled. */
    public record Received(String chargerId, String action, Object request) {}

    public final List<Received> received = new CopyOnWriteArrayList<>();
    /** Every CALLERROR the server sent, as written on the wire. */
    public final List<String> callErrors = new CopyOnWriteArrayList<>();
    public final AtomicReference<BootNotificationResponse.Status> bootStatus =
            new AtomicReference<>(BootNotificationResponse.Status.ACCEPTED);
    public final AtomicInteger bootInterval = new AtomicInteger(300);
    private final AtomicInteger nextTransactionId = new AtomicInteger(1000);
    private final OcppServer server;

    /** Each authentication the server did: charger id and whether it came over TLS. */
    public final List<String> authentications = new CopyOnWriteArrayList<>();
    private final boolean tls;

    public TestCsms(String password) {
        this(password, null, null);
    }

    /** With a key store, the server speaks wss:// only (security profile 2 when a password is set too). */
    public TestCsms(String password, java.nio.file.Path keyStore, String keyStorePassword) {
        this.tls = keyStore != null;
        ChargerAuthenticator auth = (id, given, tls) -> {
            authentications.add(id + (tls ? " tls" : " plain"));
            return password == null || password.equals(given) ? ChargerAuthenticator.Decision.ACCEPT
                    : ChargerAuthenticator.Decision.UNAUTHORIZED;
        };
        OcppServerConfig.Builder config = OcppServerConfig.builder().host("127.0.0.1").port(0).nodeId("test")
                .callTimeout(Duration.ofSeconds(5));
        if (keyStore != null) {
            config.tls(keyStore, keyStorePassword);
        }
        server = new OcppServer(config.build(), this::handle, auth, ConnectionListener.NONE,
                (id, direction, text) -> {
                    if (direction == FrameListener.Direction.OUT && text.startsWith("[4")) {
                        callErrors.add(id + " " + text);
                    }
                });
        server.start();
    }

    public URI url() {
        return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + server.port() + "/ocpp");
    }

    public OcppServer server() {
        return server;
    }

    public <R> R call(String chargerId, String action, Object request, Class<R> type) throws Exception {
        CompletableFuture<R> f = server.gateway().call(chargerId, action, request, type);
        return f.get(10, TimeUnit.SECONDS);
    }

    public List<Received> of(String chargerId, String action) {
        return received.stream().filter(r -> r.chargerId().equals(chargerId) && r.action().equals(action)).toList();
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> requests(String chargerId, String action, Class<T> type) {
        return of(chargerId, action).stream().map(r -> (T) r.request()).toList();
    }

    private Object handle(ChargerSession session, String action, Object request) throws OcppException {
        received.add(new Received(session.chargerId(), action, request));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return switch (action) {
            case "BootNotification" -> new BootNotificationResponse().withStatus(bootStatus.get()).withCurrentTime(now)
                    .withInterval(bootInterval.get());
            case "Heartbeat" -> new HeartbeatResponse().withCurrentTime(now);
            case "StatusNotification" -> new StatusNotificationResponse();
            case "Authorize" -> new AuthorizeResponse().withIdTagInfo(tagInfo(((io.evstack.ocpp.v16.Authorize) request).getIdTag()));
            case "StartTransaction" -> new StartTransactionResponse().withTransactionId(nextTransactionId.getAndIncrement())
                    .withIdTagInfo(tagInfo(((io.evstack.ocpp.v16.StartTransaction) request).getIdTag()));
            case "StopTransaction" -> new StopTransactionResponse();
            case "MeterValues" -> new MeterValuesResponse();
            case "DiagnosticsStatusNotification" -> new DiagnosticsStatusNotificationResponse();
            case "FirmwareStatusNotification" -> new FirmwareStatusNotificationResponse();
            case "DataTransfer" -> new DataTransferResponse().withStatus(DataTransferResponse.Status.UNKNOWN_VENDOR_ID);
            default -> throw new OcppException(ErrorCode.NOT_IMPLEMENTED, action);
        };
    }

    private static IdTagInfo tagInfo(String idTag) {
        return new IdTagInfo().withStatus(idTag.startsWith("OK") || idTag.startsWith("DEMO-") ? AuthorizationStatus.ACCEPTED : AuthorizationStatus.INVALID);
    }

    @Override
    public void close() {
        server.close();
    }
}
