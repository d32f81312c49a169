package dta.observatory.store.cluster.query;

import dta.observatory.store.query.StoreQueries;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.StoredSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fan-out latency of cluster-wide reads through one instance on loopback: 1, 2 and 4 shards (1 replica each), the
 * same data (series × points) split among them; p50 / p99 of Slice (last n over every series of the metric) and
 * Range (raw window over every series). Not a test: run by hand (see BENCHMARKS.md or the class's report).
 *
 * <p>Args: [series=200] [points=60] [iterations=2000]
 */
public final class FanOutBenchmark {

    private FanOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        long t0 = System.currentTimeMillis() - points * 10_000L;
        List<StoredSample> samples = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            SeriesKey k = SeriesKey.of("bench.m", Map.of("host", "h" + s));
            for (int i = 0; i < points; i++) {
                samples.add(new StoredSample(k, t0 + i * 10_000L + s, i));
            }
        }
        System.out.printf("%d series x %d points, %d iterations per query%n", series, points, iterations);
        for (int shards : new int[] {1, 2, 4}) {
            Path dir = Files.createTempDirectory("fanout-bench");
            try (ClusterFixture cluster = new ClusterFixture(dir, shards, 1)) {
                cluster.append(samples);
                StoreQueries q = new StoreQueries(cluster.readerAt(0, Duration.ofSeconds(5)));
                long[] slice = measure(iterations, () -> q.slice("bench.m", Map.of(), 100));
                long[] range = measure(iterations, () -> q.range("bench.m", Map.of(), t0, t0 + 60_000L * 5, 0, null));
                long[] exact = measure(iterations, () -> q.slice("bench.m", Map.of("host", "h7"), 10, true));
                System.out.printf("shards=%d  slice(n=100, all series) p50=%.3f ms p99=%.3f ms | range(5 min, all"
                        + " series) p50=%.3f ms p99=%.3f ms | slice(one series, exact) p50=%.3f ms p99=%.3f ms%n",
                        shards, ms(slice, 50), ms(slice, 99), ms(range, 50), ms(range, 99), ms(exact, 50),
                        ms(exact, 99));
            }
        }
    }

    private static long[] measure(int iterations, Runnable query) {
        for (int i = 0; i < Math.max(200, iterations / 5); i++) {
            query.run(); // warm-up: JIT, connections
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            query.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double ms(long[] sorted, int percentile) {
        int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
