package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The 2.0.1 operations around a station's device model, firmware and logs (B07/B08 reports, B09 network profile,
 * L01 firmware update, N01 log upload): each is answered at once and what follows (NotifyReport, the status
 * notifications) is sent after the reply, on the simulated clock. Event loop only.
 */
final class Ocpp201Provisioning {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final Duration DOWNLOAD_TIME = Duration.ofSeconds(20);
    static final Duration INSTALL_TIME = Duration.ofSeconds(10);
    static final Duration UPLOAD_TIME = Duration.ofSeconds(10);

    private final SimulatedCharger charger;
    /** Component/variable (as in {@link Ocpp201CsmsOperations#VARIABLES}) to the configuration key behind it. */
    private final Map<String, String> variables;
    /** The firmware update and the log upload under way: the last status sent and its requestId (null: idle). */
    private ObjectNode firmwareUnderWay;
    private ObjectNode logUnderWay;

    Ocpp201Provisioning(SimulatedCharger charger, Map<String, String> variables) {
        this.charger = charger;
        this.variables = variables;
    }

    private static ObjectNode status(String status) {
        return JSON.objectNode().put("status", status);
    }

    /**
     * B07: Configuration and Full inventory are the station's variables, in one NotifyReport (seqNo 0, tbc false);
     * a SummaryInventory (availability and problems of components) is not kept by the simulator: NotSupported.
     */
    ObjectNode getBaseReport(JsonNode req) {
        if ("SummaryInventory".equals(req.path("reportBase").asText())) {
            return status("NotSupported");
        }
        sendReport(req.path("requestId").asInt(), List.copyOf(variables.keySet()));
        return status("Accepted");
    }

    /**
     * B08: the variables of the components (and variables) named in componentVariable; componentCriteria select
     * among Active, Available, Enabled and Problem, and every variable here is of a component active, available
     * and enabled, with no problem. EmptyResultSet when nothing matches.
     */
    ObjectNode getReport(JsonNode req) {
        List<String> selected = variables.keySet().stream().filter(key -> {
            if (!req.hasNonNull("componentVariable")) {
                return true;
            }
            for (JsonNode cv : req.get("componentVariable")) {
                String component = cv.at("/component/name").asText();
                String variable = cv.path("variable").path("name").asText(null);
                if (key.equals(component + "/" + variable) || (variable == null && key.startsWith(component + "/"))) {
                    return true;
                }
            }
            return false;
        }).toList();
        if (req.hasNonNull("componentCriteria")) {
            boolean any = false;
            for (JsonNode criterion : req.get("componentCriteria")) {
                any |= !criterion.asText().equals("Problem");
            }
            if (!any) {
                selected = List.of();
            }
        }
        if (selected.isEmpty()) {
            return status("EmptyResultSet");
        }
        sendReport(req.path("requestId").asInt(), selected);
        return status("Accepted");
    }

    private void sendReport(int requestId, List<String> keys) {
        ObjectNode report = JSON.objectNode().put("requestId", requestId)
                .put("generatedAt", charger.localNow().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("seqNo", 0).put("tbc", false);
        ArrayNode data = report.putArray("reportData");
        for (String key : keys.stream().sorted().toList()) {
            String configKey = variables.get(key);
            var known = charger.config().report(List.of(configKey), 1).known();
            if (known.isEmpty()) {
                continue;
            }
            var kv = known.getFirst();
            String value = kv.getValue() == null ? "" : kv.getValue();
            ObjectNode entry = data.addObject();
            entry.putObject("component").put("name", key.substring(0, key.indexOf('/')));
            entry.putObject("variable").put("name", key.substring(key.indexOf('/') + 1));
            entry.putArray("variableAttribute").addObject().put("type", "Actual").put("value", value)
                    .put("mutability", Boolean.TRUE.equals(kv.getReadonly()) ? "ReadOnly" : "ReadWrite");
            entry.putObject("variableCharacteristics").put("dataType", dataType(value)).put("supportsMonitoring", false);
        }
        charger.afterReply(() -> {
            if (charger.ready()) {
                charger.link().call("NotifyReport", report, JsonNode.class);
            }
        });
    }

    private static String dataType(String value) {
        if (value.equals("true") || value.equals("false")) {
            return "boolean";
        }
        return value.matches("-?\\d+") ? "integer" : "string";
    }

    /** B09: stored by a real station in the slot for a later SetVariables of NetworkConfigurationPriority. */
    ObjectNode setNetworkProfile(JsonNode req) {
        return status("Accepted");
    }

    /**
     * L01: Accepted, then at retrieveDateTime Downloading, Downloaded, Installing and Installed (the simulated
     * firmware needs no reboot); the version is the last path segment of the location. Each status carries the
     * requestId.
     */
    ObjectNode updateFirmware(JsonNode req) {
        int requestId = req.path("requestId").asInt();
        String location = req.at("/firmware/location").asText();
        Instant retrieve;
        try {
            retrieve = OffsetDateTime.parse(req.at("/firmware/retrieveDateTime").asText()).toInstant();
        } catch (DateTimeParseException e) {
            return status("Rejected");
        }
        String tail = location.substring(location.lastIndexOf('/') + 1);
        String version = tail.isEmpty() ? "2.0.0" : tail.length() > 50 ? tail.substring(0, 50) : tail;
        Duration wait = Duration.between(charger.localNow(), retrieve);
        var clock = charger.clock();
        charger.afterReply(() -> clock.schedule(charger.loop(), wait.isNegative() ? Duration.ZERO : wait, () -> {
            notify("FirmwareStatusNotification", "Downloading", requestId);
            clock.schedule(charger.loop(), DOWNLOAD_TIME, () -> {
                notify("FirmwareStatusNotification", "Downloaded", requestId);
                notify("FirmwareStatusNotification", "Installing", requestId);
                clock.schedule(charger.loop(), INSTALL_TIME, () -> {
                    charger.firmwareInstalled(version);
                    notify("FirmwareStatusNotification", "Installed", requestId);
                    firmwareUnderWay = null;
                });
            });
        }));
        return status("Accepted");
    }

    /** N01: Accepted with the file's name, then LogStatusNotification Uploading and Uploaded. */
    ObjectNode getLog(JsonNode req) {
        int requestId = req.path("requestId").asInt();
        String kind = "SecurityLog".equals(req.path("logType").asText()) ? "security" : "diagnostics";
        String filename = kind + "-" + charger.id() + "-" + charger.localNow().getEpochSecond() + ".log";
        charger.afterReply(() -> {
            notify("LogStatusNotification", "Uploading", requestId);
            charger.clock().schedule(charger.loop(), UPLOAD_TIME, () -> {
                notify("LogStatusNotification", "Uploaded", requestId);
                logUnderWay = null;
            });
        });
        return status("Accepted").put("filename", filename.length() > 255 ? filename.substring(0, 255) : filename);
    }

    private void notify(String action, String status, int requestId) {
        ObjectNode notification = JSON.objectNode().put("status", status).put("requestId", requestId);
        if (action.equals("FirmwareStatusNotification")) {
            firmwareUnderWay = notification;
        } else {
            logUnderWay = notification;
        }
        if (charger.ready()) {
            charger.link().call(action, notification, JsonNode.class);
        }
    }

    /**
     * F06 TriggerMessage of a FirmwareStatusNotification or LogStatusNotification: the status of the update or
     * upload under way (F06 with L01/N01), Idle when there is none.
     */
    void sendCurrentStatus(String action) {
        ObjectNode current = action.equals("FirmwareStatusNotification") ? firmwareUnderWay : logUnderWay;
        if (charger.ready()) {
            charger.link().call(action, current != null ? current : JSON.objectNode().put("status", "Idle"), JsonNode.class);
        }
    }
}
