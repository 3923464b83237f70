package io.evstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.OcppJson;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.MessageTypes;
import io.evstack.ocpp.rpc.OcppSchemas;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** A CALL payload checked against its OCA JSON schema ({@link OcppSchemas}), as for every incoming CALL. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SchemaValidationBenchmark {
    @Param({"StatusNotification", "StartTransaction", "MeterValues"})
    public String action;

    private final OcppSchemas schemas = OcppSchemas.shared();
    private MessageTypes.ActionType type;
    private JsonNode payload;
    private JsonNode invalid;

    @Setup
    public void setUp() throws Exception {
        String frame = switch (action) {
            case "StatusNotification" -> Frames.STATUS;
            case "StartTransaction" -> Frames.START;
            case "MeterValues" -> Frames.METER_VALUES;
            default -> throw new IllegalArgumentException(action);
        };
        type = MessageTypes.find(OcppVersion.OCPP16, action).orElseThrow();
        payload = OcppJson.mapper().readTree(frame).get(3);
        invalid = payload.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) invalid).put("connectorId", "one");
        schemas.preload(OcppVersion.OCPP16);
        if (schemas.validateRequest(OcppVersion.OCPP16, type, payload).isPresent()) {
            throw new IllegalStateException(action + " sample does not validate");
        }
    }

    @Benchmark
    public Optional<OcppSchemas.Violation> valid() {
        return schemas.validateRequest(OcppVersion.OCPP16, type, payload);
    }

    /** A type violation: the error path builds the CALLERROR's description. */
    @Benchmark
    public Optional<OcppSchemas.Violation> invalid() {
        return schemas.validateRequest(OcppVersion.OCPP16, type, invalid);
    }
}
