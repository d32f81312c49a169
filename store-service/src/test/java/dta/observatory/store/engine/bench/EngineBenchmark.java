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

        warmUp(dir.resolveSibling(dir.getFileName() + "-warmup"), options);
        long heapBefore = usedHeapAfterGc();
        long maxUsedHeap = 0;
        long heapSum = 0;
        int heapMeasures = 0;
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
                // Heap, measured apart from the timings. The worst moment: the head at its widest (just before the
                // hourly cut) while every open chunk is one sample short of full (the series step in phase here).
                if (step % 360 == 358 || step % 30 == 14) {
                    long used = usedHeapAfterGc() - heapBefore;
                    maxUsedHeap = Math.max(maxUsedHeap, used);
                    heapSum += used;
                    heapMeasures++;
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
            // the live case: the newest 100 points of a series still in the head (what the watcher reads)
            queries(st, gen, "head");
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
            System.out.printf("head chunks at peak (engine's estimate): %,d bytes for %d series = %,d bytes/series%n",
                    maxHeadHeap, maxHeadSeries, maxHeadSeries == 0 ? 0 : maxHeadHeap / maxHeadSeries);
            System.out.printf("heap, measured (used after GC minus before the first append; everything: series, "
                    + "index, head, block readers): worst %,d bytes = %,d bytes/series, mean %,d bytes/series%n",
                    maxUsedHeap, maxUsedHeap / series, heapMeasures == 0 ? 0 : heapSum / heapMeasures / series);
            perKind(st, gen);
            queries(st, gen, "blocks");
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

    /**
     * Runs every code path once on a throwaway engine, so that what class loading and one-off buffers take is in the
     * heap baseline and not counted per series.
     */
    private static void warmUp(Path dir, StorageOptions options) throws Exception {
        DatasetGenerator small = new DatasetGenerator(SEED + 1, 100, 720, START_MS, STEP_MS, 0);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(START_MS + 720 * STEP_MS + 60_000), ZoneOffset.UTC);
        try (TsdbStorage st = TsdbStorage.open(dir, options, clock)) {
            List<StoredSample> batch = new ArrayList<>();
            for (int step = 0; step < 720; step++) {
                batch.clear();
                for (int i = 0; i < 100; i++) {
                    batch.add(new StoredSample(small.key(i), small.timestamp(i, step), small.value(i, step)));
                }
                st.append(batch);
            }
            new StoreQueries(st).slice("bench_gauge", Map.of(), 100);
            st.flush();
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Heap in use after a full collection (System.gc() is honoured by the default collector). */
    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void queries(TsdbStorage st, DatasetGenerator gen, String where) {
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
        System.out.printf("last-100 slice (%s): p50 %.0f us, p99 %.0f us%n", where, lat[rounds / 2] / 1e3,
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
        System.out.printf("1-day range at 1-min step, one series (%s): p50 %.2f ms, p99 %.2f ms%n", where, lat[100] / 1e6,
                lat[198] / 1e6);
    }
}
