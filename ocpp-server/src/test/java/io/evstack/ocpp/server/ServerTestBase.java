package io.evstack.ocpp.server;

import io.evstack.ocpp.rpc.ErrorCode;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.ocpp.v16.BootNotificationResponse;
import io.evstack.ocpp.v16.DataTransfer;
import io.evstack.ocpp.v16.DataTransferResponse;
import io.evstack.ocpp.v16.HeartbeatResponse;
import io.evstack.ocpp.v16.StatusNotificationResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A real server on an ephemeral loopback port, a scripted handler, and recording listeners. */
abstract class ServerTestBase {
    static final String AUTH_CHARGER = "CP-AUTH";
    static final String AUTH_PASSWORD = "0123456789abcdef0123";

    record Connection(String event, ChargerSession session, boolean virtualThread) {}

    record Frame(String chargerId, FrameListener.Direction direction, String text) {}

    record AuthCall(String chargerId, String password, boolean tls) {}

    final List<Connection> connections = new CopyOnWriteArrayList<>();
    final List<Frame> frames = new CopyOnWriteArrayList<>();
    final List<AuthCall> authCalls = new CopyOnWriteArrayList<>();
    final List<Boolean> handlerOnVirtualThread = new CopyOnWriteArrayList<>();
    final AtomicInteger handled = new AtomicInteger();
    volatile IncomingCallHandler handler = ServerTestBase::script;

    private final List<OcppServer> servers = new ArrayList<>();
    private final List<TestCharger> chargers = new CopyOnWriteArrayList<>();
    OcppServer server;

    @BeforeEach
    void startDefaultServer() {
        server = start(b -> b);
    }

    @AfterEach
    void closeAll() throws InterruptedException {
        for (TestCharger charger : chargers) {
            charger.closeBlocking();
        }
        servers.forEach(OcppServer::close);
    }

    OcppServer start(UnaryOperator<OcppServerConfig.Builder> customize) {
        OcppServerConfig config = customize.apply(OcppServerConfig.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .callTimeout(Duration.ofSeconds(3))
                        .nodeId("test"))
                .build();
        ChargerAuthenticator authenticator = (id, password, tls) -> {
            authCalls.add(new AuthCall(id, password, tls));
            return !id.equals(AUTH_CHARGER) || AUTH_PASSWORD.equals(password)
                    ? ChargerAuthenticator.Decision.ACCEPT : ChargerAuthenticator.Decision.UNAUTHORIZED;
        };
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void connected(ChargerSession session) {
                connections.add(new Connection("connected", session, Thread.currentThread().isVirtual()));
            }

            @Override
            public void disconnected(ChargerSession session) {
                connections.add(new Connection("disconnected", session, Thread.currentThread().isVirtual()));
            }
        };
        OcppServer started = new OcppServer(config, (session, action, request) -> {
            handled.incrementAndGet();
            handlerOnVirtualThread.add(Thread.currentThread().isVirtual());
            return handler.handle(session, action, request);
        }, authenticator, listener, (id, direction, text) -> frames.add(new Frame(id, direction, text)));
        started.start();
        servers.add(started);
        return started;
    }

    TestCharger connect(String chargerId) throws InterruptedException {
        return track(TestCharger.to(server.port(), "/ocpp/" + chargerId).connect());
    }

    TestCharger track(TestCharger charger) {
        chargers.add(charger);
        return charger;
    }

    /** The default handler: answers the common 1.6 actions, misbehaves on purpose for some. */
    static Object script(ChargerSession session, String action, Object request) throws OcppException {
        return switch (action) {
            case "BootNotification" -> new BootNotificationResponse()
                    .withStatus(BootNotificationResponse.Status.ACCEPTED)
                    .withCurrentTime(OffsetDateTime.parse("2024-05-01T14:00:00+02:00"))
                    .withInterval(300);
            case "Heartbeat" -> new HeartbeatResponse().withCurrentTime(OffsetDateTime.now());
            case "StatusNotification" -> new StatusNotificationResponse();
            case "DataTransfer" -> {
                DataTransfer transfer = (DataTransfer) request;
                if ("slow".equals(transfer.getMessageId())) {
                    sleep(Duration.ofSeconds(1));
                }
                if ("refuse".equals(transfer.getMessageId())) {
                    throw new OcppException(ErrorCode.NOT_SUPPORTED, "No data transfer here");
                }
                yield new DataTransferResponse().withStatus(DataTransferResponse.Status.ACCEPTED).withData(transfer.getData());
            }
            case "Authorize" -> throw new IllegalStateException("database on fire");
            case "MeterValues" -> new BootNotificationResponse().withStatus(BootNotificationResponse.Status.ACCEPTED); // invalid here
            default -> throw new OcppException(ErrorCode.NOT_SUPPORTED, action + " not supported");
        };
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
