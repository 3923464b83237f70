package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.ocpp.v16.IdTagInfo;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * N09 (report) and N10 (clear) CustomerInformation. What this station keeps about a customer is what it keeps
 * about their idToken: its local list entry, its authorization cache entry and the transactions it runs for it;
 * it keeps nothing under a customerIdentifier or a customer certificate. The data goes in NotifyCustomerInformation
 * messages after the answer (512 characters each, seqNo from 0, tbc on all but the last); clearing removes the
 * idToken from the local list and the cache. Event loop only.
 */
final class Ocpp201CustomerInformation {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** NotifyCustomerInformationRequest.data maxLength. */
    static final int DATA_LENGTH = 512;

    private final SimulatedCharger charger;

    Ocpp201CustomerInformation(SimulatedCharger charger) {
        this.charger = charger;
    }

    ObjectNode customerInformation(JsonNode req) {
        int named = (req.hasNonNull("customerIdentifier") ? 1 : 0) + (req.hasNonNull("idToken") ? 1 : 0)
                + (req.hasNonNull("customerCertificate") ? 1 : 0);
        boolean report = req.path("report").asBoolean();
        boolean clear = req.path("clear").asBoolean();
        if (named != 1) {
            return JSON.objectNode().put("status", "Invalid"); // whose data? one identifier names the customer
        }
        if (!report && !clear) {
            return JSON.objectNode().put("status", "Rejected"); // nothing asked
        }
        String idToken = req.hasNonNull("idToken") ? req.at("/idToken/idToken").asText() : null;
        String data;
        if (idToken == null) {
            data = "No data held for this customer";
        } else {
            List<String> said = new ArrayList<>();
            if (report) {
                said.add(describe(idToken)); // before clearing: N10 with report true reports what it then clears
            }
            if (clear) {
                said.add(charger.authorization().forget(idToken)
                        ? "cleared idToken " + idToken + " from the local list and authorization cache"
                        : "nothing to clear for idToken " + idToken);
            }
            data = String.join("; ", said);
        }
        int requestId = req.path("requestId").asInt();
        List<ObjectNode> parts = new ArrayList<>();
        String generatedAt = charger.localNow().truncatedTo(ChronoUnit.MILLIS).toString();
        for (int from = 0, seqNo = 0; from < data.length(); from += DATA_LENGTH, seqNo++) {
            int to = Math.min(data.length(), from + DATA_LENGTH);
            parts.add(JSON.objectNode().put("data", data.substring(from, to)).put("tbc", to < data.length())
                    .put("seqNo", seqNo).put("generatedAt", generatedAt).put("requestId", requestId));
        }
        charger.afterReply(() -> parts.forEach(p -> {
            if (charger.ready()) {
                charger.link().call("NotifyCustomerInformation", p, JsonNode.class);
            }
        }));
        return JSON.objectNode().put("status", "Accepted");
    }

    private String describe(String idToken) {
        StringBuilder out = new StringBuilder("idToken ").append(idToken).append(": ");
        List<String> facts = new ArrayList<>();
        IdTagInfo listed = charger.authorization().listed(idToken);
        if (listed != null) {
            facts.add("local list " + info(listed));
        }
        IdTagInfo cached = charger.authorization().cached(idToken);
        if (cached != null) {
            facts.add("authorization cache " + info(cached));
        }
        for (ConnectorSim c : charger.connectors()) {
            if (c.session != null && !c.session.stopped && idToken.equals(c.session.idTag)) {
                facts.add("transaction " + c.session.ocpp201Id + " on EVSE " + c.id() + " since " + c.session.start);
            }
        }
        return out.append(facts.isEmpty() ? "no data held" : String.join(", ", facts)).toString();
    }

    private static String info(IdTagInfo info) {
        return info.getStatus().value() + (info.getExpiryDate() == null ? "" : " until " + info.getExpiryDate())
                + (info.getParentIdTag() == null ? "" : " group " + info.getParentIdTag());
    }
}
