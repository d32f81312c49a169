package dta.observatory.watcher.bench;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.StoreServiceGrpc;
import dta.observatory.watcher.evaluation.EvaluationCycle;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.remote.StoreSliceSource;
import dta.observatory.watcher.rules.Aggregate;
import dta.observatory.watcher.rules.AutoWatch;
import dta.observatory.watcher.rules.Comparator;
import dta.observatory.watcher.rules.WatchRule;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 10,000 rules over 10,000 series, evaluated every 2 s by the real EvaluationCycle and StoreSliceSource (SliceBatch
 * over gRPC) against the packaged store-service started as a separate process. Not a test: run it by hand (see
 * docs/watcher.md, "Benchmark") and record the figures in BENCHMARKS-watcher.md.
 *
 * <p>Arguments: [rules=10000] [cycles=30] [points-per-series=20]; -Dstore.xmx (default 3g: the in-memory store
 * preallocates 10,000 points per series, 1.6 GB for 10,000 series). Needs store-service packaged
 * ({@code store-service/target/quarkus-app/quarkus-run.jar}).
 */
public final class WatcherBenchmark {

    public static void main(String[] args) throws Exception {
        int rules = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int points = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path jar = Path.of(System.getProperty("store.jar", "../store-service/target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package store-service first");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-Xmx" + System.getProperty("store.xmx", "3g"), "-jar",
                jar.toString())
                .redirectErrorStream(true).redirectOutput(Path.of("target/bench-store.log").toFile());
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("DTA_STORE_DATA_DIR", Files.createTempDirectory("bench-store").toString());
        Process store = pb.start();
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create())
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        try {
            awaitReady(port);
            int metrics = 100;
            int perMetric = rules / metrics;
            fill(channel, metrics, perMetric, points);
            RuleBook book = new RuleBook();
            Aggregate[] aggregates = {Aggregate.AVG, Aggregate.MAX, Aggregate.P90, Aggregate.RATE, Aggregate.LAST};
            for (int i = 0; i < rules; i++) {
                String metric = "bench.m" + (i % metrics);
                Map<String, String> matchers = Map.of("host", "h" + (i / metrics));
                if (i % 5 == 4) {
                    book.add(new WatchRule("auto-" + i, WatchRule.Type.AUTO, metric, matchers, points,
                            Duration.ZERO, null, null, 0, new AutoWatch(2.5, null, null, points / 2), null, null,
                            null, null, null, null, null, false, false));
                } else {
                    book.add(new WatchRule("t-" + i, WatchRule.Type.THRESHOLD, metric, matchers, 10, Duration.ZERO,
                            aggregates[i % aggregates.length], Comparator.GT, 150, null, Duration.ofSeconds(10),
                            Duration.ZERO, null, null, null, null, null, false, false));
                }
            }
            AtomicLong notifications = new AtomicLong();
            EvaluationCycle cycle = new EvaluationCycle(book, new StoreSliceSource(channel),
                    (rule, labels, status, resolved) -> notifications.incrementAndGet(), System::currentTimeMillis);
            for (int i = 0; i < 5; i++) {
                cycle.run(); // warm-up: JIT, connections
            }
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long storeCpu0 = cpuTicks(store.pid());
            long wall0 = System.nanoTime();
            double[] ms = new double[cycles];
            int errors = 0;
            EvaluationCycle.Summary last = null;
            for (int c = 0; c < cycles; c++) {
                long start = System.nanoTime();
                last = cycle.run();
                errors += last.errors();
                ms[c] = (System.nanoTime() - start) / 1e6;
                long next = wall0 + (c + 1) * 2_000_000_000L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            double wallS = (System.nanoTime() - wall0) / 1e9;
            double watcherCores = (os.getProcessCpuTime() - cpu0) / 1e9 / wallS;
            double storeCores = (cpuTicks(store.pid()) - storeCpu0) / 100.0 / wallS;
            Arrays.sort(ms);
            System.out.printf("rules=%d series=%d points/series=%d cycles=%d every 2 s%n", rules, metrics * perMetric,
                    points, cycles);
            System.out.printf("cycle ms: p50=%.1f p90=%.1f max=%.1f; evaluated/cycle=%d firing=%d errors=%d "
                    + "notifications=%d%n", ms[cycles / 2], ms[(int) (cycles * 0.9)], ms[cycles - 1],
                    last.evaluated(), last.firing(), errors, notifications.get());
            System.out.printf("CPU over %.0f s: watcher %.2f cores, store %.2f cores; load average %s%n", wallS,
                    watcherCores, storeCores, Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            channel.shutdownNow();
            store.destroyForcibly();
        }
    }

    private static void fill(ManagedChannel channel, int metrics, int perMetric, int points) {
        StoreServiceGrpc.StoreServiceBlockingStub stub = StoreServiceGrpc.newBlockingStub(channel);
        Random r = new Random(1);
        long t0 = System.currentTimeMillis() - points * 1000L;
        List<Sample> batch = new ArrayList<>();
        for (int p = 0; p < points; p++) {
            for (int m = 0; m < metrics; m++) {
                for (int h = 0; h < perMetric; h++) {
                    // Mostly ~100, a few series well above the thresholds so some rules go pending and fire.
                    double v = (h % 50 == 0 ? 200 : 100) + 5 * r.nextGaussian() + p;
                    batch.add(Sample.newBuilder().setMetric("bench.m" + m).putLabels("host", "h" + h)
                            .setTimestampMs(t0 + p * 1000L).setValue(v).build());
                    if (batch.size() == 5_000) {
                        stub.append(AppendRequest.newBuilder().addAllSamples(batch).build());
                        batch.clear();
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            stub.append(AppendRequest.newBuilder().addAllSamples(batch).build());
        }
    }

    private static void awaitReady(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("store did not become ready");
    }

    /** utime + stime of a process in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
