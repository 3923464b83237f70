package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * L03 PublishFirmware and L04 UnpublishFirmware, as a station that also serves firmware to the stations behind it
 * (the Local Controller role): it downloads the file, checks its MD5 checksum and publishes it on its own web
 * server, telling the CSMS each step in a PublishFirmwareStatusNotification (Downloading, Downloaded,
 * ChecksumVerified, Published with the URIs, or InvalidChecksum). The simulated download has no bytes to hash: a
 * checksum of 32 hexadecimal digits, the form of an MD5 sum, verifies. Event loop only.
 */
final class Ocpp201FirmwarePublishing {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final Duration DOWNLOAD_TIME = Ocpp201Provisioning.DOWNLOAD_TIME;

    private final SimulatedCharger charger;
    /** The checksum of the file being downloaded (null: none) and of the file published (null: none). */
    private String downloading;
    private String published;
    /** The last status sent, for TriggerMessage (null: Idle). */
    private ObjectNode lastStatus;

    Ocpp201FirmwarePublishing(SimulatedCharger charger) {
        this.charger = charger;
    }

    /** L03: one publication at a time; while a download runs another is Rejected. */
    ObjectNode publish(JsonNode req) {
        if (downloading != null) {
            return JSON.objectNode().put("status", "Rejected");
        }
        int requestId = req.path("requestId").asInt();
        String checksum = req.path("checksum").asText();
        String location = req.path("location").asText();
        downloading = checksum;
        charger.afterReply(() -> {
            send("Downloading", requestId, null);
            charger.clock().schedule(charger.loop(), DOWNLOAD_TIME, () -> {
                send("Downloaded", requestId, null);
                downloading = null;
                if (!checksum.matches("[0-9a-fA-F]{32}")) {
                    send("InvalidChecksum", requestId, null);
                    return;
                }
                send("ChecksumVerified", requestId, null);
                published = checksum.toLowerCase();
                String file = location.substring(location.lastIndexOf('/') + 1);
                send("Published", requestId, "http://" + charger.id() + ".local/firmware/" + published + "/"
                        + (file.isEmpty() ? "firmware.bin" : file));
            });
        });
        return JSON.objectNode().put("status", "Accepted");
    }

    /** L04: DownloadOngoing while that file is still coming, NoFirmware when it is not published here. */
    ObjectNode unpublish(JsonNode req) {
        String checksum = req.path("checksum").asText().toLowerCase();
        if (checksum.equalsIgnoreCase(downloading)) {
            return JSON.objectNode().put("status", "DownloadOngoing");
        }
        if (!checksum.equals(published)) {
            return JSON.objectNode().put("status", "NoFirmware");
        }
        published = null;
        lastStatus = null;
        return JSON.objectNode().put("status", "Unpublished");
    }

    /** F06: TriggerMessage PublishFirmwareStatusNotification: the last status, Idle when nothing is published. */
    void sendCurrentStatus() {
        if (charger.ready()) {
            charger.link().call("PublishFirmwareStatusNotification",
                    lastStatus != null ? lastStatus : JSON.objectNode().put("status", "Idle"), JsonNode.class);
        }
    }

    private void send(String status, int requestId, String uri) {
        ObjectNode notification = JSON.objectNode().put("status", status).put("requestId", requestId);
        if (uri != null) {
            notification.putArray("location").add(uri); // required with Published
        }
        lastStatus = notification;
        if (charger.ready()) {
            charger.link().call("PublishFirmwareStatusNotification", notification, JsonNode.class);
        }
    }
}
