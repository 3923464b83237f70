package io.evstack.bench;

import io.evstack.ocpp.OcppJson;
import io.evstack.ocpp.rpc.RpcCodec;
import io.evstack.ocpp.rpc.RpcFormatException;
import io.evstack.ocpp.rpc.RpcMessage;
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

/** Text frame to {@link RpcMessage} and back ({@link RpcCodec}), as the server does for every frame. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FrameParsingBenchmark {
    @Param({"Heartbeat", "StatusNotification", "MeterValues"})
    public String action;

    private final RpcCodec codec = new RpcCodec(OcppJson.mapper());
    private String frame;
    private RpcMessage message;

    @Setup
    public void setUp() throws RpcFormatException {
        frame = switch (action) {
            case "Heartbeat" -> Frames.HEARTBEAT;
            case "StatusNotification" -> Frames.STATUS;
            case "MeterValues" -> Frames.METER_VALUES;
            default -> throw new IllegalArgumentException(action);
        };
        message = codec.decode(frame);
    }

    @Benchmark
    public RpcMessage decode() throws RpcFormatException {
        return codec.decode(frame);
    }

    @Benchmark
    public String encode() {
        return codec.encode(message);
    }
}
