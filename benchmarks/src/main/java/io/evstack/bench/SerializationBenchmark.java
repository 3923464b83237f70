package io.evstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.ocpp.OcppJson;
import io.evstack.ocpp.v16.MeterValues;
import io.evstack.ocpp.v16.StartTransactionResponse;
import io.evstack.ocpp.v16.IdTagInfo;
import io.evstack.ocpp.v16.AuthorizationStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Binding validated payloads to the generated classes and back ({@link OcppJson}'s mapper). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SerializationBenchmark {
    private final ObjectMapper mapper = OcppJson.mapper();
    private JsonNode meterValuesTree;
    private MeterValues meterValues;
    private StartTransactionResponse response;

    @Setup
    public void setUp() throws Exception {
        meterValuesTree = mapper.readTree(Frames.METER_VALUES).get(3);
        meterValues = mapper.treeToValue(meterValuesTree, MeterValues.class);
        response = new StartTransactionResponse().withTransactionId(4711).withIdTagInfo(new IdTagInfo()
                .withStatus(AuthorizationStatus.ACCEPTED).withExpiryDate(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
    }

    /** Tree to MeterValues (nine sampled values), as the server binds a validated CALL. */
    @Benchmark
    public MeterValues bindMeterValues() throws Exception {
        return mapper.treeToValue(meterValuesTree, MeterValues.class);
    }

    /** MeterValues to a tree, as a charger (or the simulator) builds a CALL. */
    @Benchmark
    public JsonNode meterValuesToTree() {
        return mapper.valueToTree(meterValues);
    }

    /** A response object to a tree, as the server answers StartTransaction. */
    @Benchmark
    public JsonNode startTransactionResponseToTree() {
        return mapper.valueToTree(response);
    }

    /** MeterValues straight to JSON text. */
    @Benchmark
    public String meterValuesToText() throws Exception {
        return mapper.writeValueAsString(meterValues);
    }
}
