package dta.observatory.store.engine.bench;

import dta.observatory.store.engine.StorageOptions;
import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.store.query.Aggregation;
import dta.observatory.store.query.StoreQueries;
import dta.observatory.store.storage.StoredSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * End-to-end engine benchmark on the seeded {@link DatasetGenerator} dataset: append throughput (one thread,
 * one batch = one step of every series, WAL fsync per batch), block bytes/sample after the head is cut, query
 * latencies, heap per series, and WAL replay time.
 *
 * <pre>java -Xmx4g -cp ... dta.observatory.store.engine.bench.EngineBenchmark DIR [series] [steps] [jitterMs]</pre>
 */
public final class EngineBenchmark {

    public static final long SEED = 20261125L;
    public static final long START_MS = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();
    public static final long STEP_MS = 10_000;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 8_640;
        int jitter = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int pageBytes = args.length > 4 ? Integer.parseInt(args[4]) : 64 << 10;
        if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " exists; give a fresh directory");
        }
        DatasetGenerator gen = new DatasetGenerator(SEED, series, steps, START_MS, STEP_MS, jitter);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(START_MS + steps * STEP_MS + 60_000), ZoneOffset.UTC);
        StorageOptions options = StorageOptions.defaults().withMaintenanceInterval(Duration.ZERO)
                .withBlockPageBytes(pageBytes);
        System.out.printf("dataset: %d series x %d steps = %,d samples, jitter %d ms, seed %d, page %d B%n", series,
                steps, gen.samples(), jitter, SEED, pageBytes);

        long appendNanos = 0;
        long cutNanos = 0;
        long maxHeadHeap = 0;
        int maxHeadSeries = 0;
        try (TsdbStorage st = TsdbStorage.open(dir, options, clock)) {
            List<StoredSample> batch = new ArrayList<>(series);
            for (int step = 0; step < steps; step++) {
                batch.clear();
                for (int i = 0; i < series; i++) {
                    batch.add(new StoredSample(gen.key(i), gen.timestamp(i, step), gen.value(i, step)));
                }
                long t0 = System.nanoTime();
                int n = st.append(batch).appended();
                appendNanos += System.nanoTime() - t0;
                if (n != series) {
                    throw new IllegalStateException("rejections at step " + step);
                }
                if (step % 360 == 359) { // every simulated hour: cut the head when due (timed apart)
                    TsdbStorage.Stats before = st.stats();
                    if (before.headHeapBytes() > maxHeadHeap) {
                        maxHeadHeap = before.headHeapBytes();
                        maxHeadSeries = before.series();
                    }
                    long c0 = System.nanoTime();
                    st.maintain();
                    cutNanos += System.nanoTime() - c0;
                }
            }
            long c0 = System.nanoTime();
            st.flush();
            cutNanos += System.nanoTime() - c0;
            TsdbStorage.Stats stats = st.stats();
            long blockBytes = st.blockBytes();
            System.out.printf("append: %,d samples in %.2f s = %,.0f samples/s (one thread, %d fsyncs)%n",
                    gen.samples(), appendNanos / 1e9, gen.samples() / (appendNanos / 1e9), stats.walSyncs());
            System.out.printf("head cuts (block writing): %.2f s total%n", cutNanos / 1e9);
            System.out.printf("blocks: %d files, %,d bytes = %.3f bytes/sample%n", stats.blocks(), blockBytes,
                    blockBytes / (double) gen.samples());
            System.out.printf("head heap at peak: %,d bytes for %d series = %,d bytes/series%n", maxHeadHeap,
                    maxHeadSeries, maxHeadSeries == 0 ? 0 : maxHeadHeap / maxHeadSeries);
            perKind(st, gen);
            queries(st, gen);
        }
    }

    /** Bytes/sample per kind, by writing one block per kind from the stored data (same codec, same page size). */
    private static void perKind(TsdbStorage st, DatasetGenerator gen) throws Exception {
        // estimated by re-encoding: cheap and independent of page mixing
        for (int k = 0; k < 4; k++) {
            Path d = Files.createTempDirectory("kind");
            try (TsdbStorage one = TsdbStorage.open(d, StorageOptions.defaults()
                    .withMaintenanceInterval(Duration.ZERO), Clock.fixed(Instant.ofEpochMilli(START_MS
                    + gen.steps() * STEP_MS + 60_000), ZoneOffset.UTC))) {
                long n = 0;
                for (int i = k; i < Math.min(gen.series(), 2000); i += 4) {
                    var pts = st.range("bench_" + DatasetGenerator.KINDS[k], Map.of("series", Integer.toString(i)),
                            Long.MIN_VALUE, Long.MAX_VALUE).series().get(0).points();
                    List<StoredSample> b = new ArrayList<>(pts.size());
                    for (var p : pts) {
                        b.add(new StoredSample(gen.key(i), p.timestampMs(), p.value()));
                    }
                    one.append(b);
                    n += b.size();
                }
                one.flush();
                System.out.printf("  kind %-8s %.3f bytes/sample (%,d samples)%n", DatasetGenerator.KINDS[k],
                        one.blockBytes() / (double) n, n);
            }
        }
    }

    private static void queries(TsdbStorage st, DatasetGenerator gen) {
        StoreQueries q = new StoreQueries(st);
        int rounds = 2000;
        long[] lat = new long[rounds];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int warm = 0; warm < 2; warm++) {
            for (int k = 0; k < rounds; k++) {
                int i = r.nextInt(gen.series());
                long t0 = System.nanoTime();
                q.slice("bench_" + gen.kind(i), Map.of("series", Integer.toString(i)), 100);
                lat[k] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(lat);
        System.out.printf("last-100 slice (blocks): p50 %.0f us, p99 %.0f us%n", lat[rounds / 2] / 1e3,
                lat[rounds * 99 / 100] / 1e3);
        long from = START_MS;
        long to = START_MS + gen.steps() * STEP_MS;
        for (int warm = 0; warm < 2; warm++) {
            for (int k = 0; k < 200; k++) {
                int i = r.nextInt(gen.series());
                long t0 = System.nanoTime();
                q.range("bench_" + gen.kind(i), Map.of("series", Integer.toString(i)), from, to, 60_000,
                        Aggregation.AVG);
                lat[k] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(lat, 0, 200);
        System.out.printf("1-day range at 1-min step, one series: p50 %.2f ms, p99 %.2f ms%n", lat[100] / 1e6,
                lat[198] / 1e6);
    }
}
