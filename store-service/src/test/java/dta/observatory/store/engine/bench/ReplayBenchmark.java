package dta.observatory.store.engine.bench;

import dta.observatory.store.engine.StorageOptions;
import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.store.storage.StoredSample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Writes 10 M samples to the WAL only (no head cut), then times a cold open (replay). Args: DIR. */
public final class ReplayBenchmark {

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int series = 10_000;
        int steps = 1_000;
        DatasetGenerator gen = new DatasetGenerator(EngineBenchmark.SEED, series, steps, EngineBenchmark.START_MS,
                EngineBenchmark.STEP_MS, 0);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(EngineBenchmark.START_MS + 86_400_000L), ZoneOffset.UTC);
        StorageOptions options = StorageOptions.defaults().withMaintenanceInterval(Duration.ZERO);
        try (TsdbStorage st = TsdbStorage.open(dir, options, clock)) {
            List<StoredSample> batch = new ArrayList<>(series);
            for (int step = 0; step < steps; step++) {
                batch.clear();
                for (int i = 0; i < series; i++) {
                    batch.add(new StoredSample(gen.key(i), gen.timestamp(i, step), gen.value(i, step)));
                }
                st.append(batch);
            }
            System.out.printf("WAL: %,d bytes for %,d samples%n", st.diskBytes(), gen.samples());
        }
        long t0 = System.nanoTime();
        try (TsdbStorage st = TsdbStorage.open(dir, options, clock)) {
            System.out.printf("replay of %,d WAL samples: %.2f s (%,d head samples)%n", gen.samples(),
                    (System.nanoTime() - t0) / 1e9, st.stats().headSamples());
        }
    }
}
