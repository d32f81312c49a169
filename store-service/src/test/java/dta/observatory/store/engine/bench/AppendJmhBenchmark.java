package dta.observatory.store.engine.bench;

import dta.observatory.store.engine.StorageOptions;
import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.store.storage.StoredSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one thread appending batches of one step of every series of the seeded dataset (WAL write + fsync per
 * batch included), and a last-100 slice from the head. Scores are per sample ({@code ops} = samples).
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main AppendJmhBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class AppendJmhBenchmark {

    static final int SERIES = 10_000;

    @Param({"10000"})
    int batch;

    private Path dir;
    private TsdbStorage storage;
    private DatasetGenerator gen;
    private int step;
    private final List<StoredSample> samples = new ArrayList<>(SERIES);
    /** Pre-generated steps, replayed with shifted timestamps, so the generator's cost is not measured. */
    static final int STEPS = 1_000;
    private long[][] ts;
    private double[][] values;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("jmh-tsdb");
        int steps = 100_000;
        if (gen == null) {
            gen = new DatasetGenerator(EngineBenchmark.SEED, SERIES, STEPS, EngineBenchmark.START_MS,
                    EngineBenchmark.STEP_MS, 0);
            ts = new long[STEPS][SERIES];
            values = new double[STEPS][SERIES];
            for (int s = 0; s < STEPS; s++) {
                for (int i = 0; i < SERIES; i++) {
                    ts[s][i] = gen.timestamp(i, s);
                    values[s][i] = gen.value(i, s);
                }
            }
        }
        Clock clock = Clock.fixed(Instant.ofEpochMilli(EngineBenchmark.START_MS + steps * EngineBenchmark.STEP_MS),
                ZoneOffset.UTC);
        // a long window and a clock far ahead: the head is never cut during a measurement
        storage = TsdbStorage.open(dir, StorageOptions.defaults().withMaintenanceInterval(Duration.ZERO)
                .withRawRetention(Duration.ofDays(60)), clock);
        step = 0;
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        storage.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public int append() {
        samples.clear();
        int s = step % STEPS;
        long shift = (step / STEPS) * STEPS * EngineBenchmark.STEP_MS;
        for (int i = 0; i < SERIES; i++) {
            samples.add(new StoredSample(gen.key(i), ts[s][i] + shift, values[s][i]));
        }
        step++;
        return storage.append(samples).appended();
    }

    @Benchmark
    public int lastHundredFromHead() {
        if (step < 120) {
            append();
        }
        int i = (step * 7919) % SERIES;
        return storage.lastPoints("bench_" + gen.kind(i), Map.of("series", Integer.toString(i)), 100).series()
                .size();
    }
}
