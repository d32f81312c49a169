package dta.observatory.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dta.observatory.api.v1.IngestServiceGrpc;
import dta.observatory.api.v1.Point;
import dta.observatory.api.v1.RangeRequest;
import dta.observatory.api.v1.RangeResponse;
import dta.observatory.api.v1.Series;
import dta.observatory.api.v1.StoreServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode with 2 shards × 2 replicas (ordinals 0 and 2 hold shard 0, 1 and 3 shard 1) fed through ingest and
 * Kafka, replicas killed with SIGKILL under load.
 */
class StoreClusterIT {

    private static final String METRIC = "cluster.m";
    private static final int SERIES = 40;
    private static final int BATCH = 200;

    private StoreCluster cluster;
    private ManagedChannel ingestChannel;
    private final Map<Integer, ManagedChannel> storeChannels = new HashMap<>();

    @AfterEach
    void stop() {
        if (ingestChannel != null) {
            ingestChannel.shutdownNow();
        }
        storeChannels.values().forEach(ManagedChannel::shutdownNow);
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The issue's "kill -9 one store replica under load": queries keep answering from its twin, complete; no
     * acknowledged sample is lost; the restarted replica catches up from its recorded offset and then holds exactly
     * the samples its twin holds: none missing, none twice.
     */
    @Test
    void aKilledReplicaIsCoveredByItsTwinAndCatchesUpExactly() throws Exception {
        startCluster();
        AckingLoader loader = new AckingLoader(IngestServiceGrpc.newBlockingStub(ingestChannel), METRIC, SERIES, BATCH)
                .begin();
        await().atMost(Duration.ofSeconds(60)).until(() -> loader.acked.size() >= 10_000);

        // Queries through ordinal 1 (shard 1) read shard 0 from ordinal 0 first, then from its twin, ordinal 2.
        QueryLoop queries = new QueryLoop(1).begin();
        await().atMost(Duration.ofSeconds(30)).until(() -> queries.complete.get() >= 3);
        cluster.store(0).kill();
        int ackedAtKill = loader.acked.size();
        await("load goes on through Kafka").atMost(Duration.ofSeconds(60))
                .until(() -> loader.acked.size() >= ackedAtKill + 10_000);
        int completeAfterKill = queries.complete.get();
        await("queries keep answering from the twin").atMost(Duration.ofSeconds(30))
                .until(() -> queries.complete.get() >= completeAfterKill + 3);
        Set<String> acked = loader.end();
        queries.end();
        assertThat(queries.partialOrFailed.get()).as("answers that were partial or failed while a replica was down")
                .isZero();

        // Everything acknowledged is in the cluster (answered by ordinals 1 and 2).
        await("every acknowledged sample readable").atMost(Duration.ofSeconds(60))
                .until(() -> missing(acked, read(1)).isEmpty());
        Map<String, Integer> withTwin = read(1).points();

        // The killed replica restarts on its data, catches up from its recorded offsets (ready only then), and
        // alone answers for shard 0 once its twin is killed: the same samples, each exactly once.
        cluster.store(0).start().awaitHttp200("/q/health/ready", StoreCluster.STARTUP);
        cluster.store(2).kill();
        Answer restarted = read(1);
        assertThat(restarted.partial()).as("shard 0 is answered by the restarted replica").isFalse();
        assertThat(restarted.points()).isEqualTo(withTwin);
        assertThat(withTwin.values()).as("each sample stored once").containsOnly(1);
    }

    /** The issue's "both replicas of a shard down": answers are partial and name the shard; nothing else breaks. */
    @Test
    void bothReplicasOfAShardDownGivesPartialAnswersNamingIt() throws Exception {
        startCluster();
        AckingLoader loader = new AckingLoader(IngestServiceGrpc.newBlockingStub(ingestChannel), METRIC, SERIES, BATCH)
                .begin();
        await().atMost(Duration.ofSeconds(60)).until(() -> loader.acked.size() >= 5_000);
        Set<String> acked = loader.end();
        await().atMost(Duration.ofSeconds(60)).until(() -> missing(acked, read(0)).isEmpty());
        Answer whole = read(0);

        cluster.store(1).kill();
        cluster.store(3).kill();
        Answer partial = read(0);

        assertThat(partial.partial()).isTrue();
        assertThat(partial.missingShards()).containsExactly(1);
        assertThat(partial.warnings()).contains("shard 1");
        // what shard 0 holds is all there, and nothing of shard 1 pretends to be complete
        assertThat(partial.points()).isNotEmpty();
        assertThat(whole.points()).containsAllEntriesOf(partial.points());
        assertThat(partial.points().size()).isLessThan(whole.points().size());
        // ingest keeps acknowledging (Kafka holds the samples until shard 1 is back), and shard 0 keeps serving
        AckingLoader more = new AckingLoader(IngestServiceGrpc.newBlockingStub(ingestChannel), METRIC + ".more",
                SERIES, BATCH).begin();
        await().atMost(Duration.ofSeconds(60)).until(() -> more.acked.size() >= 2_000);
        more.end();
        assertThat(cluster.store(0).status("/q/health/ready")).isEqualTo(200);
        assertThat(cluster.store(2).status("/q/health/ready")).isEqualTo(200);
    }

    private void startCluster() throws Exception {
        cluster = StoreCluster.start(2, 2, 8);
        ingestChannel = Grpc.newChannelBuilder(cluster.ingest.address(), InsecureChannelCredentials.create()).build();
    }

    /** All points of {@link #METRIC} as one store instance answers for the whole cluster. */
    private Answer read(int ordinal) {
        ManagedChannel channel = storeChannels.computeIfAbsent(ordinal, o -> Grpc.newChannelBuilder(
                cluster.store(o).address(), InsecureChannelCredentials.create()).build());
        RangeResponse r = StoreServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .range(RangeRequest.newBuilder().setMetric(METRIC).setFromMs(AckingLoader.BASE)
                        .setToMs(AckingLoader.BASE + 100_000_000).build());
        Map<String, Integer> points = new HashMap<>();
        for (Series s : r.getSeriesList()) {
            for (Point p : s.getPointsList()) {
                points.merge(s.getLabelsOrThrow("worker") + "@" + p.getTimestampMs(), 1, Integer::sum);
            }
        }
        return new Answer(points, r.getPartial().getMissingShardsList(), String.join("\n", r.getPartial().getWarningsList()));
    }

    private static Set<String> missing(Set<String> acked, Answer answer) {
        Set<String> missing = new HashSet<>(acked);
        missing.removeAll(answer.points().keySet());
        return missing;
    }

    /** A cluster-wide answer: each point as worker@timestamp with how often it came back. */
    private record Answer(Map<String, Integer> points, List<Integer> missingShards, String warnings) {
        boolean partial() {
            return !missingShards.isEmpty();
        }
    }

    /** Reads the cluster through one instance in a loop, counting complete and partial or failed answers. */
    private final class QueryLoop {
        final AtomicInteger complete = new AtomicInteger();
        final AtomicInteger partialOrFailed = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        QueryLoop(int ordinal) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        if (read(ordinal).partial()) {
                            partialOrFailed.incrementAndGet();
                        } else {
                            complete.incrementAndGet();
                        }
                    } catch (StatusRuntimeException e) {
                        partialOrFailed.incrementAndGet();
                    }
                    ServiceProcess.sleep(100);
                }
            }, "cluster-queries");
        }

        QueryLoop begin() {
            thread.start();
            return this;
        }

        void end() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }
}
