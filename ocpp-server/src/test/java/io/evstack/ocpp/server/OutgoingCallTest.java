package io.evstack.ocpp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.rpc.ErrorCode;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.ocpp.v16.ChangeConfiguration;
import io.evstack.ocpp.v16.ChangeConfigurationResponse;
import io.evstack.ocpp.v16.GetConfiguration;
import io.evstack.ocpp.v16.GetConfigurationResponse;
import io.evstack.ocpp.v16.Heartbeat;
import io.evstack.ocpp.v16.Reset;
import io.evstack.ocpp.v16.ResetResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutgoingCallTest extends ServerTestBase {
    private static final Reset HARD = new Reset().withType(Reset.Type.HARD);

    private TestCharger connected(String chargerId) throws Exception {
        TestCharger charger = connect(chargerId);
        await().until(() -> server.gateway().isConnected(chargerId));
        return charger;
    }

    @Test
    void roundTrip() throws Exception {
        TestCharger charger = connected("CP-1");

        CompletableFuture<ResetResponse> reset = server.gateway().call("CP-1", "Reset", HARD, ResetResponse.class);
        JsonNode call = charger.next();
        assertThat(call.get(0).asInt()).isEqualTo(2);
        assertThat(call.get(2).asText()).isEqualTo("Reset");
        assertThat(call.get(3).toString()).isEqualTo("{\"type\":\"Hard\"}");
        charger.sendJson("[3,'" + call.get(1).asText() + "',{'status':'Accepted'}]");

        assertThat(reset.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(ResetResponse.Status.ACCEPTED);
    }

    @Test
    void sharedTypesRoundTrip() throws Exception {
        TestCharger charger = connected("CP-1");

        CompletableFuture<GetConfigurationResponse> config = server.gateway().call("CP-1", "GetConfiguration",
                new GetConfiguration().withKey(List.of("HeartbeatInterval")), GetConfigurationResponse.class);
        JsonNode call = charger.next();
        charger.sendJson("[3,'" + call.get(1).asText() + "',{'configurationKey':"
                + "[{'key':'HeartbeatInterval','readonly':false,'value':'300'}],'unknownKey':[]}]");

        GetConfigurationResponse response = config.get(5, TimeUnit.SECONDS);
        assertThat(response.getConfigurationKey()).singleElement()
                .satisfies(kv -> assertThat(kv.getValue()).isEqualTo("300"));
    }

    @Test
    void secondCallWaitsUntilTheFirstIsAnswered() throws Exception {
        TestCharger charger = connected("CP-1");

        CompletableFuture<ResetResponse> first = server.gateway().call("CP-1", "Reset", HARD, ResetResponse.class);
        CompletableFuture<ChangeConfigurationResponse> second = server.gateway().call("CP-1", "ChangeConfiguration",
                new ChangeConfiguration().withKey("HeartbeatInterval").withValue("60"), ChangeConfigurationResponse.class);

        JsonNode firstCall = charger.next();
        assertThat(firstCall.get(2).asText()).isEqualTo("Reset");
        assertThat(charger.nothingWithin(Duration.ofMillis(300))).isTrue();
        charger.sendJson("[3,'" + firstCall.get(1).asText() + "',{'status':'Accepted'}]");

        JsonNode secondCall = charger.next();
        assertThat(secondCall.get(2).asText()).isEqualTo("ChangeConfiguration");
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(ResetResponse.Status.ACCEPTED);
        charger.sendJson("[3,'" + secondCall.get(1).asText() + "',{'status':'RebootRequired'}]");
        assertThat(second.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(ChangeConfigurationResponse.Status.REBOOT_REQUIRED);
    }

    @Test
    void unansweredCallTimesOutAndTheNextOneGoes() throws Exception {
        server = start(b -> b.callTimeout(Duration.ofMillis(300)));
        TestCharger charger = connected("CP-1");

        CompletableFuture<ResetResponse> first = server.gateway().call("CP-1", "Reset", HARD, ResetResponse.class);
        CompletableFuture<ResetResponse> second = server.gateway().call("CP-1", "Reset", HARD, ResetResponse.class);
        JsonNode firstCall = charger.next();

        assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CallTimeoutException.class);
        JsonNode secondCall = charger.next();
        assertThat(secondCall.get(1).asText()).isNotEqualTo(firstCall.get(1).asText());
        charger.sendJson("[3,'" + firstCall.get(1).asText() + "',{'status':'Accepted'}]"); // too late: dropped
        charger.sendJson("[3,'" + secondCall.get(1).asText() + "',{'status':'Rejected'}]");
        assertThat(second.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(ResetResponse.Status.REJECTED);
    }

    @Test
    void callErrorAnswerFailsTheCallWithItsCode() throws Exception {
        TestCharger charger = connected("CP-1");

        CompletableFuture<ResetResponse> reset = server.gateway().call("CP-1", "Reset", HARD, ResetResponse.class);
        JsonNode call = charger.next();
        charger.sendJson("[4,'" + call.get(1).asText() + "','NotSupported','No reset today',{}]");

        assertThatThrownBy(() -> reset.get(5, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(OcppException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED);
                    assertThat(e.getMessage()).isEqualTo("No reset today");
                });
    }

    @Test
    void invalidOrMalformedAnswersFailTheCallAndAreNotAnswered() throws Exception {
        TestCharger charger = connected("CP-1");

        CompletableFuture<ResetResponse> invalid = server.gateway().call("CP-1", "Reset", HARD, ResetResponse.class);
        String id = charger.next().get(1).asText();
        charger.sendJson("[3,'" + id + "',{'status':'Maybe'}]");
        assertThatThrownBy(() -> invalid.get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(OcppException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION));

        CompletableFuture<ResetResponse> malformed = server.gateway().call("CP-1", "Reset", HARD, ResetResponse.class);
        id = charger.next().get(1).asText();
        charger.sendJson("[3,'" + id + "',{'status':");
        assertThatThrownBy(() -> malformed.get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(OcppException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FORMAT_VIOLATION));

        charger.sendJson("[3,'nobody-asked',{'status':'Accepted'}]");
        assertThat(charger.nothingWithin(Duration.ofMillis(200))).isTrue();
        assertThat(charger.call("hb-1", "Heartbeat", "{}").get(0).asInt()).isEqualTo(3);
    }

    @Test
    void notConnectedFailsAtOnce() {
        CompletableFuture<ResetResponse> reset = server.gateway().call("CP-NOBODY", "Reset", HARD, ResetResponse.class);

        assertThat(reset).isCompletedExceptionally();
        assertThatThrownBy(reset::join).hasCauseInstanceOf(ChargerNotConnectedException.class);
    }

    @Test
    void invalidRequestsAreRefusedAndNothingIsSent() throws Exception {
        TestCharger charger = connected("CP-1");

        assertThat(server.gateway().call("CP-1", "Reset", new Reset(), ResetResponse.class))
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class)
                .withMessageContaining("type");
        assertThat(server.gateway().call("CP-1", "Heartbeat", new Heartbeat(), Object.class))
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class);
        assertThat(server.gateway().call("CP-1", "Teleport", HARD, Object.class))
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class);
        assertThat(server.gateway().call("CP-1", "Reset", HARD, ChangeConfigurationResponse.class))
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class);
        assertThat(charger.nothingWithin(Duration.ofMillis(200))).isTrue();
    }

    @Test
    void closingTheSocketFailsPendingAndQueuedCalls() throws Exception {
        TestCharger charger = connected("CP-1");

        CompletableFuture<ResetResponse> pending = server.gateway().call("CP-1", "Reset", HARD, ResetResponse.class);
        CompletableFuture<ResetResponse> queued = server.gateway().call("CP-1", "Reset", HARD, ResetResponse.class);
        charger.next();
        charger.closeBlocking();

        for (CompletableFuture<ResetResponse> call : List.of(pending, queued)) {
            assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ChargerNotConnectedException.class);
        }
        await().until(() -> !server.gateway().isConnected("CP-1"));
    }

    @Test
    void futuresCompleteOffTheEventLoop() throws Exception {
        TestCharger charger = connected("CP-1");

        CompletableFuture<Boolean> onVirtualThread = server.gateway().call("CP-1", "Reset", HARD, ResetResponse.class)
                .thenApply(r -> Thread.currentThread().isVirtual());
        charger.sendJson("[3,'" + charger.next().get(1).asText() + "',{'status':'Accepted'}]");

        assertThat(onVirtualThread.get(5, TimeUnit.SECONDS)).isTrue();
    }
}
