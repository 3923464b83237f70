package io.evstack.sim.charging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.ocpp.v16.ChargingProfile;

/**
 * Reads an OCPP 2.0.1 ChargingProfileType (part 2, K01, SetChargingProfileRequest.chargingProfile) into the
 * profile model the charger's enforcement already uses ({@link SmartCharging}, written for 1.6), so a 2.0.1
 * charger limits its meters by the same code: the composite-schedule rules of 2.0.1 (K08) are those of 1.6
 * section 3.13.4 with ChargePointMaxProfile renamed ChargingStationMaxProfile.
 *
 * <p>Differences that are mapped, not lost: {@code id} is {@code chargingProfileId}; the first entry of the
 * {@code chargingSchedule} array is the schedule (a station without ISO 15118 receives exactly one, K01.FR.22 allows
 * up to three only for 15118 negotiation); {@code transactionId} is a string in 2.0.1 and has no 1.6 counterpart, so
 * a TxProfile applies to the transaction running on its EVSE (K01.FR.03 requires one to be running).
 */
public final class Ocpp201Profiles {
    private final ObjectMapper mapper;

    public Ocpp201Profiles(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The 2.0.1 profile as the shared model; IllegalArgumentException when it has no usable schedule. */
    public ChargingProfile toShared(JsonNode profile201) {
        JsonNode schedules = profile201.path("chargingSchedule");
        JsonNode schedule = schedules.isArray() ? schedules.path(0) : schedules;
        if (!schedule.isObject()) {
            throw new IllegalArgumentException("chargingProfile has no chargingSchedule");
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("chargingProfileId", profile201.path("id").asInt());
        out.put("stackLevel", profile201.path("stackLevel").asInt());
        out.put("chargingProfilePurpose", purpose(profile201.path("chargingProfilePurpose").asText()));
        out.put("chargingProfileKind", profile201.path("chargingProfileKind").asText());
        copy(profile201, out, "recurrencyKind");
        copy(profile201, out, "validFrom");
        copy(profile201, out, "validTo");
        ObjectNode s = out.putObject("chargingSchedule");
        copy(schedule, s, "duration");
        copy(schedule, s, "startSchedule");
        copy(schedule, s, "minChargingRate");
        s.put("chargingRateUnit", schedule.path("chargingRateUnit").asText());
        ArrayNode periods = s.putArray("chargingSchedulePeriod");
        for (JsonNode p : schedule.path("chargingSchedulePeriod")) {
            ObjectNode period = periods.addObject().put("startPeriod", p.path("startPeriod").asInt())
                    .put("limit", p.path("limit").asDouble());
            copy(p, period, "numberPhases");
        }
        try {
            return mapper.treeToValue(out, ChargingProfile.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unusable chargingProfile: " + e.getMessage(), e);
        }
    }

    /** The 2.0.1 purpose name in the shared (1.6) vocabulary. */
    static String purpose(String purpose201) {
        return switch (purpose201) {
            case "ChargingStationMaxProfile" -> "ChargePointMaxProfile";
            case "TxDefaultProfile", "TxProfile" -> purpose201;
            // ChargingStationExternalConstraints is set by an external system, never by SetChargingProfile (K01.FR.22)
            default -> throw new IllegalArgumentException("chargingProfilePurpose " + purpose201 + " cannot be set");
        };
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field)) {
            to.set(field, from.get(field));
        }
    }
}
