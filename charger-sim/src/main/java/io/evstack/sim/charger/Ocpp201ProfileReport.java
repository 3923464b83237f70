package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.ocpp.v16.ChargingProfile;
import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import io.evstack.ocpp.v16.ChargingSchedule;
import io.evstack.sim.charging.InstalledProfile;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * K09 GetChargingProfiles: the installed profiles that match every criterion given are reported in
 * ReportChargingProfiles messages after the answer, one per charging limit source and EVSE (tbc on all but the
 * last). Every profile here was set by the CSMS (SetChargingProfile, or with RequestStartTransaction), so its
 * source is CSO; none is an external constraint. Event loop only.
 */
final class Ocpp201ProfileReport {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** ChargingLimitSourceEnumType of profiles a CSMS installed (K09: "CSO"). */
    static final String SOURCE = "CSO";

    private final SimulatedCharger charger;

    Ocpp201ProfileReport(SimulatedCharger charger) {
        this.charger = charger;
    }

    ObjectNode getChargingProfiles(JsonNode req) {
        int requestId = req.path("requestId").asInt();
        List<InstalledProfile> matching = matching(req);
        if (matching.isEmpty()) {
            return JSON.objectNode().put("status", "NoProfiles"); // K09: nothing matches, no report follows
        }
        Map<Integer, List<InstalledProfile>> byEvse = new TreeMap<>();
        matching.forEach(p -> byEvse.computeIfAbsent(p.connectorId(), k -> new ArrayList<>()).add(p));
        List<ObjectNode> reports = new ArrayList<>();
        for (var group : byEvse.entrySet()) {
            ObjectNode report = JSON.objectNode().put("requestId", requestId).put("chargingLimitSource", SOURCE)
                    .put("evseId", group.getKey());
            ArrayNode profiles = report.putArray("chargingProfile");
            group.getValue().forEach(p -> profiles.add(toOcpp201(p)));
            reports.add(report);
        }
        for (int i = 0; i < reports.size(); i++) {
            reports.get(i).put("tbc", i < reports.size() - 1);
        }
        charger.afterReply(() -> reports.forEach(r -> {
            if (charger.ready()) {
                charger.link().call("ReportChargingProfiles", r, JsonNode.class);
            }
        }));
        return JSON.objectNode().put("status", "Accepted");
    }

    /**
     * K09: evseId 0 asks for the station's own profiles, another id for that EVSE's, none for all; within them
     * chargingProfileId (any of those), chargingProfilePurpose, stackLevel and chargingLimitSource all have to match.
     */
    private List<InstalledProfile> matching(JsonNode req) {
        Integer evseId = req.hasNonNull("evseId") ? req.get("evseId").asInt() : null;
        JsonNode criteria = req.path("chargingProfile");
        if (criteria.hasNonNull("chargingLimitSource")) {
            boolean cso = false;
            for (JsonNode s : criteria.get("chargingLimitSource")) {
                cso |= SOURCE.equals(s.asText());
            }
            if (!cso) {
                return List.of();
            }
        }
        ChargingProfilePurposeType purpose = null;
        if (criteria.hasNonNull("chargingProfilePurpose")) {
            String name = criteria.get("chargingProfilePurpose").asText();
            if (name.equals("ChargingStationExternalConstraints")) {
                return List.of();
            }
            purpose = ChargingProfilePurposeType.fromValue(name.equals("ChargingStationMaxProfile") ? "ChargePointMaxProfile" : name);
        }
        Integer stackLevel = criteria.hasNonNull("stackLevel") ? criteria.get("stackLevel").asInt() : null;
        Set<Integer> ids = null;
        if (criteria.hasNonNull("chargingProfileId")) {
            ids = new HashSet<>();
            for (JsonNode id : criteria.get("chargingProfileId")) {
                ids.add(id.asInt());
            }
        }
        List<InstalledProfile> out = new ArrayList<>();
        for (InstalledProfile p : charger.profiles().all()) {
            if ((evseId == null || p.connectorId() == evseId) && (purpose == null || p.purpose() == purpose)
                    && (stackLevel == null || p.stackLevel() == stackLevel) && (ids == null || ids.contains(p.id()))) {
                out.add(p);
            }
        }
        return out;
    }

    /** ChargingProfileType of 2.0.1 from the shared model; a TxProfile names the transaction running on its EVSE. */
    private ObjectNode toOcpp201(InstalledProfile installed) {
        ChargingProfile p = installed.profile();
        ObjectNode out = JSON.objectNode().put("id", p.getChargingProfileId()).put("stackLevel", p.getStackLevel())
                .put("chargingProfilePurpose", p.getChargingProfilePurpose() == ChargingProfilePurposeType.CHARGE_POINT_MAX_PROFILE
                        ? "ChargingStationMaxProfile" : p.getChargingProfilePurpose().value())
                .put("chargingProfileKind", p.getChargingProfileKind().value());
        if (p.getRecurrencyKind() != null) {
            out.put("recurrencyKind", p.getRecurrencyKind().value());
        }
        putTime(out, "validFrom", p.getValidFrom());
        putTime(out, "validTo", p.getValidTo());
        if (p.getChargingProfilePurpose() == ChargingProfilePurposeType.TX_PROFILE && installed.connectorId() > 0
                && charger.validConnector(installed.connectorId())) {
            Session s = charger.connector(installed.connectorId()).session;
            if (s != null && s.ocpp201Id != null) {
                out.put("transactionId", s.ocpp201Id);
            }
        }
        ChargingSchedule schedule = p.getChargingSchedule();
        // the station keeps one schedule per profile (no ISO 15118 negotiation): it takes the profile's id
        ObjectNode s = out.putArray("chargingSchedule").addObject().put("id", p.getChargingProfileId())
                .put("chargingRateUnit", schedule.getChargingRateUnit().value());
        if (schedule.getDuration() != null) {
            s.put("duration", schedule.getDuration());
        }
        putTime(s, "startSchedule", schedule.getStartSchedule());
        if (schedule.getMinChargingRate() != null) {
            s.put("minChargingRate", schedule.getMinChargingRate());
        }
        ArrayNode periods = s.putArray("chargingSchedulePeriod");
        for (var period : installed.periods()) {
            ObjectNode o = periods.addObject().put("startPeriod", period.getStartPeriod()).put("limit", period.getLimit());
            if (period.getNumberPhases() != null) {
                o.put("numberPhases", period.getNumberPhases());
            }
        }
        return out;
    }

    private static void putTime(ObjectNode node, String field, OffsetDateTime t) {
        if (t != null) {
            node.put(field, t.toInstant().truncatedTo(ChronoUnit.MILLIS).toString()); // Instant: seconds always written
        }
    }
}
