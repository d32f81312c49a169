package dta.observatory.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.IngestServiceGrpc;
import dta.observatory.api.v1.Point;
import dta.observatory.api.v1.RangeRequest;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.Series;
import dta.observatory.api.v1.StoreServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store stops answering in the middle of a load (SIGSTOP: the store on main is in memory, so after a SIGKILL
 * there would be nothing left to compare with): every sample ingest acknowledged must be in the store, the batches
 * in flight at the outage are answered UNAVAILABLE, never acknowledged.
 */
class AcknowledgedSamplesIT {

    private static final int SERIES = 20;
    private static final int BATCH = 100;

    private ServiceProcess store;
    private ServiceProcess ingest;
    private ManagedChannel ingestChannel;
    private ManagedChannel storeChannel;

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            signal("CONT", store.pid());
        }
        for (ManagedChannel c : new ManagedChannel[] {ingestChannel, storeChannel}) {
            if (c != null) {
                c.shutdownNow();
            }
        }
        if (ingest != null) {
            ingest.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void noAcknowledgedSampleIsMissingWhenTheStoreStopsMidLoad() throws Exception {
        int storePort = ServiceProcess.freePort();
        store = new ServiceProcess("store-service", storePort,
                Map.of("DTA_STORE_DATA_DIR", Files.createTempDirectory("e2e-acks").toString())).start();
        ingest = new ServiceProcess("ingest-service", ServiceProcess.freePort(), Map.of(
                "QUARKUS_GRPC_CLIENTS_STORE_PORT", String.valueOf(storePort),
                "DTA_INGEST_STORE_TIMEOUT", "2s",
                "DTA_INGEST_FLOOD_OVERALL_PER_SECOND", "1000000",
                "DTA_INGEST_FLOOD_PER_SOURCE_PER_SECOND", "1000000")).start();
        store.awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
        ingest.awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
        ingestChannel = Grpc.newChannelBuilder(ingest.address(), InsecureChannelCredentials.create()).build();
        IngestServiceGrpc.IngestServiceBlockingStub grpc = IngestServiceGrpc.newBlockingStub(ingestChannel);

        long base = System.currentTimeMillis() - 60_000;
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicLong failures = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread loader = new Thread(() -> {
            long seq = 0;
            while (running.get()) {
                EmitRequest.Builder batch = EmitRequest.newBuilder();
                Set<String> keys = new HashSet<>();
                for (int i = 0; i < BATCH; i++, seq++) {
                    String series = "w" + (seq % SERIES);
                    long ts = base + seq / SERIES;
                    batch.addSamples(Sample.newBuilder().setMetric("acks.m").putLabels("worker", series)
                            .setValue(seq).setTimestampMs(ts));
                    keys.add(series + "@" + ts);
                }
                try {
                    long accepted = grpc.withDeadlineAfter(10, TimeUnit.SECONDS).emit(batch.build()).getAccepted();
                    assertThat(accepted).isEqualTo(BATCH);
                    acked.addAll(keys);
                } catch (StatusRuntimeException e) {
                    failures.incrementAndGet();
                }
            }
        }, "acks-loader");
        loader.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 5_000);
        signal("STOP", store.pid());
        await().atMost(Duration.ofSeconds(60)).until(() -> failures.get() >= 2);
        running.set(false);
        loader.join(30_000);
        Set<String> ackedAtEnd = Set.copyOf(acked);

        signal("CONT", store.pid());
        storeChannel = Grpc.newChannelBuilder(store.address(), InsecureChannelCredentials.create()).build();
        Set<String> stored = new HashSet<>();
        for (Series s : StoreServiceGrpc.newBlockingStub(storeChannel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .range(RangeRequest.newBuilder().setMetric("acks.m").setFromMs(base).setToMs(base + 1_000_000)
                        .build()).getSeriesList()) {
            for (Point p : s.getPointsList()) {
                stored.add(s.getLabelsOrThrow("worker") + "@" + p.getTimestampMs());
            }
        }
        assertThat(ackedAtEnd).hasSizeGreaterThanOrEqualTo(5_000);
        Set<String> missing = new HashSet<>(ackedAtEnd);
        missing.removeAll(stored);
        assertThat(missing).as("acknowledged samples missing from the store").isEmpty();
    }

    private static void signal(String name, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }
}
