package dta.observatory.e2e;

import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.IngestServiceGrpc;
import dta.observatory.api.v1.Sample;
import io.grpc.StatusRuntimeException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Emits batches to ingest in a loop on one thread; remembers each acknowledged sample as {@code worker@timestamp}
 * (label {@code worker} = {@code w0..w<series-1>}, one sample per series and millisecond) and counts refused calls.
 */
final class AckingLoader {

    static final long BASE = System.currentTimeMillis() - 60_000;

    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final IngestServiceGrpc.IngestServiceBlockingStub grpc;
    private final String metric;
    private final int series;
    private final int batchSize;
    private final Thread thread = new Thread(this::run, "acking-loader");

    AckingLoader(IngestServiceGrpc.IngestServiceBlockingStub grpc, String metric, int series, int batchSize) {
        this.grpc = grpc;
        this.metric = metric;
        this.series = series;
        this.batchSize = batchSize;
    }

    AckingLoader begin() {
        thread.start();
        return this;
    }

    /** Stops the load and answers what was acknowledged. */
    Set<String> end() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
        return Set.copyOf(acked);
    }

    private void run() {
        long seq = 0;
        while (running.get()) {
            EmitRequest.Builder batch = EmitRequest.newBuilder();
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < batchSize; i++, seq++) {
                String worker = "w" + (seq % series);
                long ts = BASE + seq / series;
                batch.addSamples(Sample.newBuilder().setMetric(metric).putLabels("worker", worker)
                        .setValue(seq).setTimestampMs(ts));
                keys.add(worker + "@" + ts);
            }
            try {
                long accepted = grpc.withDeadlineAfter(10, TimeUnit.SECONDS).emit(batch.build()).getAccepted();
                if (accepted == batchSize) {
                    acked.addAll(keys);
                }
            } catch (StatusRuntimeException e) {
                failures.incrementAndGet();
            }
        }
    }
}
