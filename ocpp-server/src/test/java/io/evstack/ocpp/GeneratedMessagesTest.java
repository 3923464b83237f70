package io.evstack.ocpp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.ocpp.v16.AuthorizationData;
import io.evstack.ocpp.v16.AuthorizationStatus;
import io.evstack.ocpp.v16.AuthorizeResponse;
import io.evstack.ocpp.v16.ChargingProfile;
import io.evstack.ocpp.v16.GetConfigurationResponse;
import io.evstack.ocpp.v16.IdTagInfo;
import io.evstack.ocpp.v16.KeyValue;
import io.evstack.ocpp.v16.Measurand;
import io.evstack.ocpp.v16.MeterValue;
import io.evstack.ocpp.v16.RemoteStartTransaction;
import io.evstack.ocpp.v16.SampledValue;
import io.evstack.ocpp.v16.SendLocalList;
import io.evstack.ocpp.v16.SetChargingProfile;
import io.evstack.ocpp.v16.StartTransactionResponse;
import io.evstack.ocpp.v16.StopTransaction;
import io.evstack.ocpp.v16.StopTransactionResponse;
import io.evstack.ocpp.v16.UnitOfMeasure;
import java.io.File;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class GeneratedMessagesTest {
    private final ObjectMapper mapper = OcppJson.mapper();

    @Test
    void sharedOcpp16TypesAreOneClassEach() throws Exception {
        assertThat(classNames("io/evstack/ocpp/v16")).noneMatch(name -> name.contains("__"));
        assertThat(classNames("io/evstack/ocpp/v201")).noneMatch(name -> name.contains("__"));
        assertThat(AuthorizeResponse.class.getDeclaredField("idTagInfo").getType()).isEqualTo(IdTagInfo.class);
        assertThat(StartTransactionResponse.class.getDeclaredField("idTagInfo").getType()).isEqualTo(IdTagInfo.class);
        assertThat(StopTransactionResponse.class.getDeclaredField("idTagInfo").getType()).isEqualTo(IdTagInfo.class);
        assertThat(AuthorizationData.class.getDeclaredField("idTagInfo").getType()).isEqualTo(IdTagInfo.class);
        assertThat(IdTagInfo.class.getDeclaredField("status").getType()).isEqualTo(AuthorizationStatus.class);
        assertThat(RemoteStartTransaction.class.getDeclaredField("chargingProfile").getType()).isEqualTo(ChargingProfile.class);
        assertThat(SetChargingProfile.class.getDeclaredField("csChargingProfiles").getType()).isEqualTo(ChargingProfile.class);
        assertThat(StopTransaction.class.getDeclaredField("transactionData").getGenericType().getTypeName())
                .isEqualTo("java.util.List<" + MeterValue.class.getName() + ">");
        assertThat(SendLocalList.class.getDeclaredField("localAuthorizationList").getGenericType().getTypeName())
                .contains(AuthorizationData.class.getName());
        assertThat(GetConfigurationResponse.class.getDeclaredField("configurationKey").getGenericType().getTypeName())
                .contains(KeyValue.class.getName());
    }

    @Test
    void enumsAndTimestampsUseTheWireForms() throws Exception {
        MeterValue value = new MeterValue()
                .withTimestamp(OffsetDateTime.parse("2024-05-01T14:00:00.123456+02:00"))
                .withSampledValue(List.of(new SampledValue()
                        .withValue("21.5")
                        .withMeasurand(Measurand.ENERGY_ACTIVE_IMPORT_REGISTER)
                        .withUnit(UnitOfMeasure.CELCIUS)));

        String json = mapper.writeValueAsString(value);

        assertThat(json).isEqualTo("{\"timestamp\":\"2024-05-01T12:00:00.123Z\",\"sampledValue\":[{\"value\":\"21.5\","
                + "\"measurand\":\"Energy.Active.Import.Register\",\"unit\":\"Celcius\"}]}");
        MeterValue back = mapper.readValue(json, MeterValue.class);
        assertThat(back.getSampledValue().get(0).getMeasurand()).isEqualTo(Measurand.ENERGY_ACTIVE_IMPORT_REGISTER);
        assertThat(back.getTimestamp().toInstant()).isEqualTo(value.getTimestamp().toInstant().minusNanos(456_000));
        assertThat(mapper.readValue("{\"status\":\"ConcurrentTx\",\"extra\":1}", IdTagInfo.class).getStatus())
                .isEqualTo(AuthorizationStatus.CONCURRENT_TX);
    }

    private static List<String> classNames(String packagePath) throws URISyntaxException {
        File dir = new File(Objects.requireNonNull(GeneratedMessagesTest.class.getClassLoader().getResource(packagePath)).toURI());
        return List.of(Objects.requireNonNull(dir.list()));
    }
}
