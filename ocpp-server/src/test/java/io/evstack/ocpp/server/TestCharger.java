package io.evstack.ocpp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.OcppJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/** A charger for tests: an org.java-websocket client that queues what it receives. */
final class TestCharger extends WebSocketClient {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    volatile boolean answerPings = true;
    volatile int closeCode;

    private TestCharger(URI uri, List<String> subprotocols, Map<String, String> headers) {
        super(uri, new Draft_6455(Collections.emptyList(),
                subprotocols.stream().<IProtocol>map(Protocol::new).toList()), headers);
    }

    static Builder to(int port, String path) {
        return new Builder(port, path);
    }

    static final class Builder {
        private final int port;
        private final String path;
        private List<String> subprotocols = List.of("ocpp1.6");
        private final Map<String, String> headers = new HashMap<>();
        private SSLContext tls;

        private Builder(int port, String path) {
            this.port = port;
            this.path = path;
        }

        Builder subprotocols(String... subprotocols) {
            this.subprotocols = Arrays.asList(subprotocols);
            return this;
        }

        Builder basic(String user, String password) {
            headers.put("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /** Connects and fails the test unless the handshake succeeds. */
        TestCharger connect() throws InterruptedException {
            TestCharger charger = tryConnect();
            assertThat(charger.isOpen()).as("connected to " + path).isTrue();
            return charger;
        }

        /** Connects; the result may be closed (handshake refused). */
        TestCharger tryConnect() throws InterruptedException {
            URI uri = URI.create((tls == null ? "ws" : "wss") + "://127.0.0.1:" + port + path);
            TestCharger charger = new TestCharger(uri, subprotocols, headers);
            if (tls != null) {
                charger.setSocketFactory(tls.getSocketFactory());
            }
            charger.connectBlocking(5, TimeUnit.SECONDS);
            return charger;
        }
    }

    /** The subprotocol the server chose (the client copies its draft: read it from the connection). */
    String subprotocol() {
        return ((Draft_6455) getConnection().getDraft()).getProtocol().getProvidedProtocol();
    }

    /** Sends a frame; single quotes become double quotes, to keep JSON in tests readable. */
    void sendJson(String json) {
        send(json.replace('\'', '"'));
    }

    /** The next frame received, as JSON; fails after 5 s. */
    JsonNode next() throws Exception {
        String text = received.poll(5, TimeUnit.SECONDS);
        assertThat(text).as("a frame within 5 s").isNotNull();
        return OcppJson.mapper().readTree(text);
    }

    /** Sends a CALL and returns the next frame (its answer). */
    JsonNode call(String messageId, String action, String payload) throws Exception {
        sendJson("[2,'" + messageId + "','" + action + "'," + payload + "]");
        return next();
    }

    boolean nothingWithin(Duration duration) throws InterruptedException {
        return received.poll(duration.toMillis(), TimeUnit.MILLISECONDS) == null;
    }

    boolean awaitClosed(Duration duration) throws InterruptedException {
        return closed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
        received.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeCode = code;
        closed.countDown();
    }

    @Override
    public void onError(Exception ex) {}

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
        if (answerPings) {
            super.onWebsocketPing(conn, f);
        }
    }
}
