package dta.observatory.ingest.load;

import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.IngestServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Load generator for ingest: gRPC client streaming (EmitStream), each stream carries {@code --batches-per-stream}
 * batches of {@code --batch} samples over {@code --series} series; {@code --concurrency} streams at once; paced to
 * {@code --rate} samples/s (0 = as fast as possible) for {@code --duration} seconds, after {@code --warmup} seconds
 * of the same load that are not counted. Prints progress every second
 * and a summary with acknowledged samples/s and stream latency percentiles (HdrHistogram). With {@code --vm URL} it
 * first pushes the same dataset to VictoriaMetrics' /api/v1/import/prometheus and reports that rate too.
 *
 * <p>Run (test classpath): {@code java -cp <cp> dta.observatory.ingest.load.LoadTool --target 127.0.0.1:8081}.
 */
public final class LoadTool {

    /** Each series gets one point per ms from here: timestamps rise per series and stay in the past. */
    private static final long BASE_MS = System.currentTimeMillis() - 600_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("target", "127.0.0.1:8081", "series", "1000", "batch", "1000",
                "rate", "0", "duration", "20", "concurrency", "4", "batches-per-stream", "10", "token", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int series = Integer.parseInt(o.get("series"));
        int batch = Integer.parseInt(o.get("batch"));
        long rate = Long.parseLong(o.get("rate"));
        int duration = Integer.parseInt(o.get("duration"));
        int concurrency = Integer.parseInt(o.get("concurrency"));
        int perStream = Integer.parseInt(o.get("batches-per-stream"));
        System.out.printf("load: target=%s series=%d batch=%d rate=%s duration=%ds concurrency=%d batches/stream=%d%n",
                o.get("target"), series, batch, rate == 0 ? "max" : rate, duration, concurrency, perStream);
        if (o.containsKey("vm")) {
            victoriaMetrics(o.get("vm"), series, batch, duration);
        }
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "0"));
        long seq = 0;
        if (warmup > 0) {
            // JIT compilation of three JVMs on two cores takes ~20 s; those seconds measure the compiler, not ingest
            System.out.printf("warm-up: %d s, not counted%n", warmup);
            seq = ingest(o.get("target"), o.get("token"), series, batch, rate, warmup, concurrency, perStream, 0,
                    "warm-up");
        }
        ingest(o.get("target"), o.get("token"), series, batch, rate, duration, concurrency, perStream, seq, "ingest");
    }

    /** Streams for {@code duration} seconds from sample number {@code firstSeq}; returns the next number. */
    private static long ingest(String target, String token, int series, int batch, long rate, int duration,
            int concurrency, int perStream, long firstSeq, String label) throws Exception {
        ManagedChannel managed = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
        Channel channel = managed;
        if (!token.isEmpty()) {
            Metadata md = new Metadata();
            md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            channel = ClientInterceptors.intercept(managed, MetadataUtils.newAttachHeadersInterceptor(md));
        }
        // EmitStream with pre-encoded request bytes: the same wire format, without building messages per sample
        MethodDescriptor<byte[], EmitResponse> emitStream = IngestServiceGrpc.getEmitStreamMethod().toBuilder(
                EncodedBatches.BYTES, IngestServiceGrpc.getEmitStreamMethod().getResponseMarshaller()).build();
        EncodedBatches encoder = new EncodedBatches("load.m", series);
        LongUnaryOperator timestampOf = s -> BASE_MS + s / series;
        encoder.check("load.m", timestampOf);
        Recorder latency = new Recorder(3);
        Histogram total = new Histogram(3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore inFlight = new Semaphore(concurrency);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(duration);
        long sent = 0;
        long seq = firstSeq;
        long nextReport = start + 1_000_000_000L;
        long lastAccepted = 0;
        while (System.nanoTime() < end) {
            if (rate > 0) {
                long due = start + (long) (sent * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            inFlight.acquire();
            long t0 = System.nanoTime();
            StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(
                    channel.newCall(emitStream, CallOptions.DEFAULT), new StreamObserver<EmitResponse>() {
                @Override
                public void onNext(EmitResponse r) {
                    accepted.addAndGet(r.getAccepted());
                    dropped.addAndGet(r.getDropped());
                    rejected.addAndGet(r.getRejected());
                }

                @Override
                public void onError(Throwable t) {
                    if (failed.incrementAndGet() <= 3) {
                        System.out.println("  stream failed: " + t.getMessage());
                    }
                    inFlight.release();
                }

                @Override
                public void onCompleted() {
                    latency.recordValue((System.nanoTime() - t0) / 1000);
                    inFlight.release();
                }
            });
            for (int b = 0; b < perStream; b++) {
                requests.onNext(encoder.batch(seq, batch, timestampOf));
                seq += batch;
                sent += batch;
            }
            requests.onCompleted();
            if (System.nanoTime() >= nextReport) {
                Histogram h = latency.getIntervalHistogram();
                total.add(h);
                long acc = accepted.get();
                System.out.printf("  %3ds  acked %,10d samples/s  p50 %6.1f ms  p99 %6.1f ms  dropped %,d  failed %d%n",
                        (System.nanoTime() - start) / 1_000_000_000L, acc - lastAccepted,
                        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, dropped.get(),
                        failed.get());
                lastAccepted = acc;
                nextReport += 1_000_000_000L;
            }
        }
        inFlight.acquire(concurrency); // wait for the last streams
        double seconds = (System.nanoTime() - start) / 1e9;
        total.add(latency.getIntervalHistogram());
        System.out.printf(label + ": sent %,d, acked %,d in %.1f s = %,.0f samples/s acknowledged; dropped %,d, "
                        + "rejected %,d, failed streams %d; stream latency (%d batches of %d) p50 %.1f ms, p90 %.1f ms, "
                        + "p99 %.1f ms, max %.1f ms%n", sent, accepted.get(), seconds, accepted.get() / seconds,
                dropped.get(), rejected.get(), failed.get(), perStream, batch,
                total.getValueAtPercentile(50) / 1000.0, total.getValueAtPercentile(90) / 1000.0,
                total.getValueAtPercentile(99) / 1000.0, total.getMaxValue() / 1000.0);
        managed.shutdownNow();
        return seq;
    }

    /** The same series and batch shape as Prometheus text lines, POSTed to /api/v1/import/prometheus. */
    private static void victoriaMetrics(String url, int series, int batch, int duration) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(duration);
        long sent = 0;
        long seq = 0;
        Histogram lat = new Histogram(3);
        while (System.nanoTime() < end) {
            StringBuilder body = new StringBuilder(batch * 40);
            for (int b = 0; b < 10; b++) {
                for (int i = 0; i < batch; i++, seq++) {
                    body.append("load_m{series=\"s").append(seq % series).append("\"} ").append(seq).append(' ')
                            .append(BASE_MS + seq / series).append('\n');
                }
            }
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/import/prometheus"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            lat.recordValue((System.nanoTime() - t0) / 1000);
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("VictoriaMetrics answered " + r.statusCode() + ": " + r.body());
            }
            sent += 10L * batch;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("victoria-metrics: %,d samples in %.1f s = %,.0f samples/s (one client, requests of %d "
                        + "samples) p50 %.1f ms p99 %.1f ms%n", sent, seconds, sent / seconds, 10 * batch,
                lat.getValueAtPercentile(50) / 1000.0, lat.getValueAtPercentile(99) / 1000.0);
    }
}
