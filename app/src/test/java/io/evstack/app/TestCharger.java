package io.evstack.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * A charger as the tests drive it: raw OCPP-J frames over a real WebSocket. It sends what the test
 * says, waits for the answer, and answers the central system's CALLs with what the test registered.
 */
final class TestCharger implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Client client;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, Function<JsonNode, Object>> answers = new ConcurrentHashMap<>();
    final BlockingQueue<JsonNode> receivedCalls = new LinkedBlockingQueue<>();
    volatile int closeCode = -1;
    volatile String handshakeRefusal;

    private TestCharger(URI uri, String password, String id, List<String> subprotocols) {
        List<IProtocol> protocols = subprotocols.stream().<IProtocol>map(Protocol::new).toList();
        Map<String, String> headers = new HashMap<>();
        if (password != null) {
            headers.put("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((id + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        this.client = new Client(uri, new Draft_6455(List.<IExtension>of(), protocols), headers);
    }

    static TestCharger connect(int port, String id, String password) throws InterruptedException {
        return connect(port, "/ocpp/" + id, id, password, List.of("ocpp1.6"));
    }

    /** A 1.6 charger that answers {@code answers} from the moment it is connected. */
    static TestCharger connect(int port, String id, String password, Map<String, Function<JsonNode, Object>> answers)
            throws InterruptedException {
        return connect(port, "/ocpp/" + id, id, password, List.of("ocpp1.6"), answers);
    }

    static TestCharger connect(int port, String path, String id, String password, List<String> subprotocols)
            throws InterruptedException {
        return connect(port, path, id, password, subprotocols, Map.of());
    }

    /**
     * {@link #connect(int, String, String, String, List)} with answers registered before the socket opens: the
     * central system may send a CALL the moment the charger is connected (a smart-charging fallback), and a CALL
     * this charger does not answer waits for the call timeout.
     */
    static TestCharger connect(int port, String path, String id, String password, List<String> subprotocols,
            Map<String, Function<JsonNode, Object>> answers) throws InterruptedException {
        TestCharger c = new TestCharger(URI.create("ws://127.0.0.1:" + port + path), password, id, subprotocols);
        c.answers.putAll(answers);
        c.client.connectBlocking(5, TimeUnit.SECONDS);
        return c;
    }

    /**
     * Over TLS ({@code wss://}) with this SSLContext: the server certificate it trusts and, for security
     * profile 3, the client certificate it presents.
     */
    static TestCharger connectTls(int port, String id, String password, List<String> subprotocols,
            javax.net.ssl.SSLContext tls) throws InterruptedException {
        TestCharger c = new TestCharger(URI.create("wss://127.0.0.1:" + port + "/ocpp/" + id), password, id, subprotocols);
        c.client.setSocketFactory(tls.getSocketFactory());
        c.client.connectBlocking(5, TimeUnit.SECONDS);
        return c;
    }

    boolean isOpen() {
        return client.isOpen();
    }

    String subprotocol() {
        return ((Draft_6455) client.getConnection().getDraft()).getProtocol().getProvidedProtocol();
    }

    /** Answers the central system's CALLs of this action with the payload the function makes. */
    void answer(String action, Function<JsonNode, Object> payload) {
        answers.put(action, payload);
    }

    /** Stops answering the central system's CALLs of this action: they go unanswered, as by a hung charger. */
    void silence(String action) {
        answers.remove(action);
    }

    /** Sends a CALL and returns the whole answer frame (CALLRESULT or CALLERROR). */
    JsonNode callFrame(String action, Object payload) throws Exception {
        String id = UUID.randomUUID().toString();
        return sendRaw(id, JSON.writeValueAsString(List.of(2, id, action, payload)));
    }

    /** Sends a CALL and returns the CALLRESULT payload; fails on a CALLERROR. */
    JsonNode call(String action, Object payload) throws Exception {
        JsonNode frame = callFrame(action, payload);
        if (frame.get(0).asInt() != 3) {
            throw new AssertionError(action + " answered with " + frame);
        }
        return frame.get(2);
    }

    /** Sends any text under a known message id and waits for the frame answering that id. */
    JsonNode sendRaw(String messageId, String text) throws Exception {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(messageId, answer);
        client.send(text);
        return answer.get(10, TimeUnit.SECONDS);
    }

    void sendText(String text) {
        client.send(text);
    }

    void dropConnection() throws InterruptedException {
        client.closeBlocking();
    }

    @Override
    public void close() throws InterruptedException {
        if (client.isOpen()) {
            client.closeBlocking();
        }
    }

    static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    private final class Client extends WebSocketClient {
        Client(URI uri, Draft_6455 draft, Map<String, String> headers) {
            super(uri, draft, headers, 5000);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {}

        @Override
        public void onMessage(String message) {
            try {
                ArrayNode frame = (ArrayNode) JSON.readTree(message);
                int type = frame.get(0).asInt();
                String id = frame.get(1).asText();
                if (type == 2) {
                    receivedCalls.add(frame);
                    Function<JsonNode, Object> f = answers.get(frame.get(2).asText());
                    if (f != null) {
                        send(JSON.writeValueAsString(List.of(3, id, f.apply(frame.get(3)))));
                    }
                } else {
                    CompletableFuture<JsonNode> p = pending.remove(id);
                    if (p != null) {
                        p.complete(frame);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closeCode = code;
            if (code != 1000 && reason != null) {
                handshakeRefusal = reason;
            }
        }

        @Override
        public void onError(Exception ex) {}
    }
}
