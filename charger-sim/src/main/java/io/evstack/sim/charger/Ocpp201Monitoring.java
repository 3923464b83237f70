package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Variable monitoring (part 2 block N): the station's custom monitors (N04 SetVariableMonitoring, N06
 * ClearVariableMonitoring), reported by N02 GetMonitoringReport (NotifyMonitoringReport), switched by N03
 * SetMonitoringBase and filtered by N05 SetMonitoringLevel; a monitor whose condition is met sends N07 NotifyEvent.
 * The monitorable variable is what the simulated meter measures: EVSE (with its id) / Power, the power flowing in W,
 * with UpperThreshold, LowerThreshold and Delta monitors; checked whenever the charger recomputes its power flow.
 * The configuration variables are not monitored (their NotifyReport says supportsMonitoring false). Event loop only.
 */
final class Ocpp201Monitoring {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> MONITOR_TYPES = Set.of("UpperThreshold", "LowerThreshold", "Delta");

    /** A custom monitor on one EVSE's Power; {@code transaction}: active only while a transaction runs there. */
    record Monitor(int id, int evseId, String type, double value, int severity, boolean transaction) {}

    private final SimulatedCharger charger;
    private final Set<String> knownVariables;
    private final Map<Integer, Monitor> monitors = new TreeMap<>();
    /** Threshold monitors whose threshold is exceeded now (an Alerting event was sent, its clearing not yet). */
    private final Set<Integer> alerting = new HashSet<>();
    /** Delta monitors: the value last reported (or when set), from which the next delta is measured. */
    private final Map<Integer, Double> deltaBase = new HashMap<>();
    private int nextMonitorId = 1;
    private int nextEventId = 1;
    /** N05: events of a severity above this are not reported; 9 (Debug) reports all. */
    private int level = 9;

    /** @param knownVariables "Component/variable" names the station has but does not monitor */
    Ocpp201Monitoring(SimulatedCharger charger, Set<String> knownVariables) {
        this.charger = charger;
        this.knownVariables = knownVariables;
    }

    /** N04: each monitor is answered on its own; an id names a monitor to replace. */
    ObjectNode setVariableMonitoring(JsonNode req) {
        ObjectNode response = JSON.objectNode();
        ArrayNode results = response.putArray("setMonitoringResult");
        for (JsonNode data : req.path("setMonitoringData")) {
            ObjectNode r = results.addObject();
            String status = set(data, r);
            r.put("status", status).put("type", data.path("type").asText()).put("severity", data.path("severity").asInt());
            r.set("component", data.get("component"));
            r.set("variable", data.get("variable"));
        }
        return response;
    }

    private String set(JsonNode data, ObjectNode result) {
        String component = data.at("/component/name").asText();
        String variable = data.at("/variable/name").asText();
        if (!component.equals("EVSE")) {
            return knownVariables.stream().anyMatch(k -> k.startsWith(component + "/"))
                    ? (knownVariables.contains(component + "/" + variable) ? "Rejected" : "UnknownVariable")
                    : "UnknownComponent";
        }
        JsonNode evse = data.at("/component/evse/id");
        if (evse.isMissingNode() || !charger.validConnector(evse.asInt())) {
            return "UnknownComponent";
        }
        if (!variable.equals("Power") || data.at("/variable/instance").isTextual()) {
            return "UnknownVariable";
        }
        String type = data.path("type").asText();
        if (!MONITOR_TYPES.contains(type)) {
            return "UnsupportedMonitorType"; // no periodic reporting in this firmware
        }
        int severity = data.path("severity").asInt();
        double value = data.path("value").asDouble();
        if (severity < 0 || severity > 9 || (type.equals("Delta") && value <= 0)) {
            return "Rejected";
        }
        Integer id = data.hasNonNull("id") ? data.get("id").asInt() : null;
        if (id == null) {
            // SetMonitoringStatusEnumType Duplicate: a monitor of this type and severity is already there
            boolean duplicate = monitors.values().stream().anyMatch(m -> m.evseId() == evse.asInt()
                    && m.type().equals(type) && m.severity() == severity);
            if (duplicate) {
                return "Duplicate";
            }
            id = nextMonitorId++;
        } else if (!monitors.containsKey(id)) {
            return "Rejected"; // N04: an id replaces the monitor of that id, which must exist
        }
        Monitor m = new Monitor(id, evse.asInt(), type, value, severity, data.path("transaction").asBoolean(false));
        monitors.put(id, m);
        alerting.remove(id);
        deltaBase.put(id, power(m.evseId()));
        result.put("id", id);
        return "Accepted";
    }

    /** N06: Accepted for each monitor removed, NotFound for an id the station does not have. */
    ObjectNode clearVariableMonitoring(JsonNode req) {
        ObjectNode response = JSON.objectNode();
        ArrayNode results = response.putArray("clearMonitoringResult");
        for (JsonNode id : req.path("id")) {
            boolean removed = monitors.remove(id.asInt()) != null;
            alerting.remove(id.asInt());
            deltaBase.remove(id.asInt());
            results.addObject().put("status", removed ? "Accepted" : "NotFound").put("id", id.asInt());
        }
        return response;
    }

    /** N03: FactoryDefault and HardWiredOnly leave no custom monitor; All keeps them (this station has no other kind). */
    ObjectNode setMonitoringBase(JsonNode req) {
        if (!"All".equals(req.path("monitoringBase").asText())) {
            monitors.clear();
            alerting.clear();
            deltaBase.clear();
        }
        return JSON.objectNode().put("status", "Accepted");
    }

    /** N05: severity 0 (Danger) to 9 (Debug). */
    ObjectNode setMonitoringLevel(JsonNode req) {
        int severity = req.path("severity").asInt();
        if (severity < 0 || severity > 9) {
            return JSON.objectNode().put("status", "Rejected");
        }
        level = severity;
        return JSON.objectNode().put("status", "Accepted");
    }

    /**
     * N02: the monitors of the components and variables named (all when none), of the kinds the criteria name
     * (ThresholdMonitoring, DeltaMonitoring; PeriodicMonitoring finds none here), in one NotifyMonitoringReport.
     */
    ObjectNode getMonitoringReport(JsonNode req) {
        List<Monitor> selected = new ArrayList<>();
        for (Monitor m : monitors.values()) {
            if (named(req.path("componentVariable"), m) && ofCriteria(req.path("monitoringCriteria"), m)) {
                selected.add(m);
            }
        }
        if (selected.isEmpty()) {
            return JSON.objectNode().put("status", "EmptyResultSet");
        }
        Map<Integer, List<Monitor>> byEvse = new LinkedHashMap<>();
        selected.forEach(m -> byEvse.computeIfAbsent(m.evseId(), k -> new ArrayList<>()).add(m));
        ObjectNode report = JSON.objectNode().put("requestId", req.path("requestId").asInt()).put("seqNo", 0)
                .put("generatedAt", now()).put("tbc", false);
        ArrayNode monitorData = report.putArray("monitor");
        byEvse.forEach((evse, list) -> {
            ObjectNode d = monitorData.addObject();
            d.set("component", component(evse));
            d.putObject("variable").put("name", "Power");
            ArrayNode vm = d.putArray("variableMonitoring");
            list.forEach(m -> vm.addObject().put("id", m.id()).put("transaction", m.transaction()).put("value", m.value())
                    .put("type", m.type()).put("severity", m.severity()));
        });
        charger.afterReply(() -> {
            if (charger.ready()) {
                charger.link().call("NotifyMonitoringReport", report, JsonNode.class);
            }
        });
        return JSON.objectNode().put("status", "Accepted");
    }

    private static boolean named(JsonNode componentVariables, Monitor m) {
        if (componentVariables.isMissingNode() || componentVariables.isEmpty()) {
            return true;
        }
        for (JsonNode cv : componentVariables) {
            JsonNode evse = cv.at("/component/evse/id");
            String variable = cv.path("variable").path("name").asText(null);
            if (cv.at("/component/name").asText().equals("EVSE") && (evse.isMissingNode() || evse.asInt() == m.evseId())
                    && (variable == null || variable.equals("Power"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean ofCriteria(JsonNode criteria, Monitor m) {
        if (criteria.isMissingNode() || criteria.isEmpty()) {
            return true;
        }
        for (JsonNode c : criteria) {
            switch (c.asText()) {
                case "ThresholdMonitoring" -> {
                    if (m.type().endsWith("Threshold")) {
                        return true;
                    }
                }
                case "DeltaMonitoring" -> {
                    if (m.type().equals("Delta")) {
                        return true;
                    }
                }
                default -> { }
            }
        }
        return false;
    }

    /**
     * N07: after each power-flow update, an UpperThreshold (LowerThreshold) monitor whose
     * EVSE's power went above (below) its value sends an Alerting event, and one with cleared true when it is back;
     * a Delta monitor sends a Delta event when the power moved by at least its value since the last report.
     */
    void check() {
        if (monitors.isEmpty()) {
            return;
        }
        List<ObjectNode> events = new ArrayList<>();
        for (Monitor m : monitors.values()) {
            ConnectorSim c = charger.connector(m.evseId());
            boolean active = !m.transaction() || (c.session != null && !c.session.stopped);
            double power = power(m.evseId());
            switch (m.type()) {
                case "Delta" -> {
                    double base = deltaBase.getOrDefault(m.id(), power);
                    if (active && Math.abs(power - base) >= m.value()) {
                        deltaBase.put(m.id(), power);
                        events.add(event(m, c, "Delta", power, false));
                    } else if (!active) {
                        deltaBase.put(m.id(), power);
                    }
                }
                default -> {
                    boolean beyond = active && (m.type().equals("UpperThreshold") ? power > m.value() : power < m.value());
                    if (beyond && alerting.add(m.id())) {
                        events.add(event(m, c, "Alerting", power, false));
                    } else if (!beyond && alerting.remove(m.id())) {
                        events.add(event(m, c, "Alerting", power, true));
                    }
                }
            }
        }
        events.removeIf(e -> monitors.get(e.path("variableMonitoringId").asInt()).severity() > level);
        if (events.isEmpty() || !charger.ready()) {
            return;
        }
        ObjectNode notify = JSON.objectNode().put("generatedAt", now()).put("seqNo", 0).put("tbc", false);
        ArrayNode data = notify.putArray("eventData");
        events.forEach(data::add);
        charger.link().call("NotifyEvent", notify, JsonNode.class);
    }

    private ObjectNode event(Monitor m, ConnectorSim c, String trigger, double power, boolean cleared) {
        ObjectNode e = JSON.objectNode().put("eventId", nextEventId++).put("timestamp", now()).put("trigger", trigger)
                .put("actualValue", Long.toString(Math.round(power))).put("eventNotificationType", "CustomMonitor")
                .put("variableMonitoringId", m.id());
        if (cleared) {
            e.put("cleared", true);
        }
        e.set("component", component(m.evseId()));
        e.putObject("variable").put("name", "Power");
        if (c.session != null && c.session.ocpp201Id != null) {
            e.put("transactionId", c.session.ocpp201Id);
        }
        return e;
    }

    private static ObjectNode component(int evseId) {
        ObjectNode component = JSON.objectNode().put("name", "EVSE");
        component.putObject("evse").put("id", evseId);
        return component;
    }

    private double power(int evseId) {
        return charger.connector(evseId).draw.powerW();
    }

    private String now() {
        return charger.localNow().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
