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
 * The store fails in the middle of a load, frozen (SIGSTOP) or killed (SIGKILL, then restarted on its data
 * directory): every sample ingest acknowledged must be in the store; the batches in flight at the outage are
 * answered UNAVAILABLE, never acknowledged.
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
        startStoreAndIngest();
        Loader loader = new Loader(IngestServiceGrpc.newBlockingStub(ingestChannel)).begin();

        await().atMost(Duration.ofSeconds(60)).until(() -> loader.acked.size() >= 5_000);
        signal("STOP", store.pid());
        await().atMost(Duration.ofSeconds(60)).until(() -> loader.failures.get() >= 2);
        Set<String> ackedAtEnd = loader.end();

        signal("CONT", store.pid());
        assertThat(ackedAtEnd).hasSizeGreaterThanOrEqualTo(5_000);
        assertThat(missingFromStore(ackedAtEnd)).as("acknowledged samples missing from the store").isEmpty();
    }

    /**
     * The issue's "store killed mid-load": SIGKILL (no shutdown hook, nothing flushed on the way out), then a
     * restart on the same data directory and port. Every sample acknowledged before the kill must come back from
     * the WAL, and ingest must take load again once the store is back.
     */
    @Test
    void noAcknowledgedSampleIsMissingWhenTheStoreIsKilledMidLoadAndRestarted() throws Exception {
        startStoreAndIngest();
        Loader loader = new Loader(IngestServiceGrpc.newBlockingStub(ingestChannel)).begin();

        await().atMost(Duration.ofSeconds(60)).until(() -> loader.acked.size() >= 5_000);
        store.kill();
        int ackedAtKill = loader.acked.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> loader.failures.get() >= 2);
        store.start().awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
        await("ingest acknowledges again once the store is back").atMost(Duration.ofSeconds(60))
                .until(() -> loader.acked.size() >= ackedAtKill + 2_000);
        Set<String> ackedAtEnd = loader.end();

        assertThat(missingFromStore(ackedAtEnd)).as("acknowledged samples missing after SIGKILL and restart")
                .isEmpty();
    }

    private void startStoreAndIngest() throws Exception {
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
    }

    /** The acknowledged (series, timestamp) keys the store does not hold. */
    private Set<String> missingFromStore(Set<String> acked) {
        storeChannel = Grpc.newChannelBuilder(store.address(), InsecureChannelCredentials.create()).build();
        Set<String> stored = new HashSet<>();
        for (Series s : StoreServiceGrpc.newBlockingStub(storeChannel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .range(RangeRequest.newBuilder().setMetric("acks.m").setFromMs(Loader.BASE)
                        .setToMs(Loader.BASE + 10_000_000).build()).getSeriesList()) {
            for (Point p : s.getPointsList()) {
                stored.add(s.getLabelsOrThrow("worker") + "@" + p.getTimestampMs());
            }
        }
        Set<String> missing = new HashSet<>(acked);
        missing.removeAll(stored);
        return missing;
    }

    /** Emits batches in a loop; remembers what ingest acknowledged and counts the calls it refused. */
    private static final class Loader {

        static final long BASE = System.currentTimeMillis() - 60_000;

        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final AtomicLong failures = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final IngestServiceGrpc.IngestServiceBlockingStub grpc;
        private final Thread thread = new Thread(this::run, "acks-loader");

        Loader(IngestServiceGrpc.IngestServiceBlockingStub grpc) {
            this.grpc = grpc;
        }

        Loader begin() {
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
                for (int i = 0; i < BATCH; i++, seq++) {
                    String series = "w" + (seq % SERIES);
                    long ts = BASE + seq / SERIES;
                    batch.addSamples(Sample.newBuilder().setMetric("acks.m").putLabels("worker", series)
                            .setValue(seq).setTimestampMs(ts));
                    keys.add(series + "@" + ts);
                }
                try {
                    long accepted = grpc.withDeadlineAfter(10, TimeUnit.SECONDS).emit(batch.build()).getAccepted();
                    if (accepted == BATCH) {
                        acked.addAll(keys);
                    }
                } catch (StatusRuntimeException e) {
                    failures.incrementAndGet();
                }
            }
        }
    }

    private static void signal(String name, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }
}
