package io.evstack.ocpp.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.OcppJson;
import io.evstack.ocpp.OcppVersion;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OcppSchemasTest {
    private final OcppSchemas schemas = OcppSchemas.shared();

    private Optional<OcppSchemas.Violation> request(OcppVersion version, String action, String json) throws Exception {
        JsonNode payload = OcppJson.mapper().readTree(json.replace('\'', '"'));
        return schemas.validateRequest(version, MessageTypes.find(version, action).orElseThrow(), payload);
    }

    @Test
    void validPayloadsPass() throws Exception {
        assertThat(request(OcppVersion.OCPP16, "BootNotification",
                "{'chargePointVendor':'ACME','chargePointModel':'X1'}")).isEmpty();
        assertThat(request(OcppVersion.OCPP16, "MeterValues",
                "{'connectorId':1,'meterValue':[{'timestamp':'2024-05-01T12:00:00Z','sampledValue':"
                        + "[{'value':'12','measurand':'Energy.Active.Import.Register','unit':'Celcius'}]}]}")).isEmpty();
        assertThat(request(OcppVersion.OCPP201, "BootNotification",
                "{'reason':'PowerUp','chargingStation':{'model':'X1','vendorName':'ACME',"
                        + "'customData':{'vendorId':'acme','extra':1}}}")).isEmpty();
        assertThat(request(OcppVersion.OCPP16, "DeleteCertificate",
                "{'certificateHashData':{'hashAlgorithm':'SHA256','issuerNameHash':'a','issuerKeyHash':'b','serialNumber':'c'}}"))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'chargePointModel':'X1'}                                  | OCCURRENCE_CONSTRAINT_VIOLATION",
        "{'chargePointVendor':5,'chargePointModel':'X1'}            | TYPE_CONSTRAINT_VIOLATION",
        "{'chargePointVendor':'ACME-ACME-ACME-ACME-ACME','chargePointModel':'X1'} | PROPERTY_CONSTRAINT_VIOLATION",
        "{'chargePointVendor':'ACME','chargePointModel':'X1','colour':'red'} | FORMAT_VIOLATION",
    })
    void bootNotificationViolations(String json, ErrorCode expected) throws Exception {
        assertThat(request(OcppVersion.OCPP16, "BootNotification", json)).map(OcppSchemas.Violation::code).contains(expected);
    }

    @Test
    void badEnumAndBadTimestamp() throws Exception {
        assertThat(request(OcppVersion.OCPP16, "StatusNotification",
                "{'connectorId':1,'errorCode':'NoError','status':'Sleeping'}"))
                .map(OcppSchemas.Violation::code).contains(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION);
        assertThat(request(OcppVersion.OCPP16, "StatusNotification",
                "{'connectorId':1,'errorCode':'NoError','status':'Available','timestamp':'yesterday'}"))
                .map(OcppSchemas.Violation::code).contains(ErrorCode.TYPE_CONSTRAINT_VIOLATION);
    }

    @Test
    void everySchemaLoads() {
        schemas.preload(OcppVersion.OCPP16);
        schemas.preload(OcppVersion.OCPP201);
    }
}
