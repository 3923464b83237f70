package io.evstack.ocpp.server;

import io.evstack.ocpp.rpc.RpcMessage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The CALLs of one connection being processed and the last answers sent, for duplicates: OCPP-J 1.6 section
 * 4.1.3 (and 2.0.1 part 4 section 4.1.4) makes a message id unique per sender, so a CALL arriving again with
 * the same id (and the same content) is a retransmission, not a new request. While the first is still being
 * processed the copy is ignored; after it was answered, the cached answer is sent again. The same id with
 * different content is a charger reusing ids (for example a counter restarted): that is processed as new.
 */
final class IncomingCalls {
    static final int ANSWERS_KEPT = 20;

    /** What to do with an arriving CALL. */
    sealed interface Admission {
        record Process() implements Admission {}

        record Ignore() implements Admission {}

        record Resend(RpcMessage answer) implements Admission {}
    }

    private record Answered(RpcMessage.Call call, RpcMessage answer) {}

    private final Map<String, RpcMessage.Call> inProgress = new HashMap<>();
    private final Map<String, Answered> answered = new LinkedHashMap<>(32, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answered> eldest) {
            return size() > ANSWERS_KEPT;
        }
    };

    synchronized Admission admit(RpcMessage.Call call) {
        RpcMessage.Call running = inProgress.get(call.messageId());
        if (running != null && same(running, call)) {
            return new Admission.Ignore();
        }
        Answered done = answered.get(call.messageId());
        if (running == null && done != null && same(done.call(), call)) {
            return new Admission.Resend(done.answer());
        }
        inProgress.put(call.messageId(), call);
        return new Admission.Process();
    }

    /** Records the answer; call it before sending, so that a copy arriving meanwhile finds it. */
    synchronized void answered(RpcMessage.Call call, RpcMessage answer) {
        inProgress.remove(call.messageId(), call);
        answered.remove(call.messageId());
        answered.put(call.messageId(), new Answered(call, answer));
    }

    private static boolean same(RpcMessage.Call a, RpcMessage.Call b) {
        return a.action().equals(b.action()) && Objects.equals(a.payload(), b.payload());
    }
}
