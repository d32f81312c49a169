package dta.observatory.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dta.observatory.api.v1.IngestServiceGrpc;
import dta.observatory.api.v1.Point;
import dta.observatory.api.v1.RangeRequest;
import dta.observatory.api.v1.Series;
import dta.observatory.api.v1.StoreServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
        AckingLoader loader = new AckingLoader(IngestServiceGrpc.newBlockingStub(ingestChannel), "acks.m", SERIES, BATCH)
                .begin();

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
        AckingLoader loader = new AckingLoader(IngestServiceGrpc.newBlockingStub(ingestChannel), "acks.m", SERIES, BATCH)
                .begin();

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
                .range(RangeRequest.newBuilder().setMetric("acks.m").setFromMs(AckingLoader.BASE)
                        .setToMs(AckingLoader.BASE + 10_000_000).build()).getSeriesList()) {
            for (Point p : s.getPointsList()) {
                stored.add(s.getLabelsOrThrow("worker") + "@" + p.getTimestampMs());
            }
        }
        Set<String> missing = new HashSet<>(acked);
        missing.removeAll(stored);
        return missing;
    }

    private static void signal(String name, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }
}
