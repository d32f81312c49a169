package dta.observatory.store.cluster.query;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.store.engine.StorageOptions;
import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.store.query.Aggregation;
import dta.observatory.store.query.StoreQueries;
import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.StoredSample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2 shards × 2 replicas as 4 real gRPC servers on loopback; every query goes through instance 0. Complete answers
 * equal those of one store holding all the data; with one replica of shard 1 stopped the twin answers; with both
 * stopped the answer is partial, names shard 1 and still carries shard 0's data.
 */
class ClusterReadOverSocketsTest {

    @TempDir
    Path dir;

    ClusterFixture cluster;
    TsdbStorage single;
    StoreQueries clustered;
    StoreQueries reference;
    final long t0 = System.currentTimeMillis() - 3_600_000L;

    @BeforeEach
    void fill() throws Exception {
        cluster = new ClusterFixture(dir.resolve("cluster"), 2, 2);
        single = TsdbStorage.open(dir.resolve("single"), StorageOptions.defaults(), Clock.systemUTC());
        List<StoredSample> samples = new ArrayList<>();
        for (int host = 0; host < 12; host++) {
            SeriesKey lat = SeriesKey.of("svc.latency", Map.of("host", "h" + host, "region", host % 2 == 0 ? "east"
                    : "west"));
            SeriesKey ok = SeriesKey.of("svc.ok", Map.of("host", "h" + host));
            for (int i = 0; i < 50; i++) {
                long t = t0 + i * 60_000L + host * 7L; // distinct timestamps: "last n" has no ties
                samples.add(new StoredSample(lat, t, host * 100 + i));
                samples.add(new StoredSample(ok, t, i % 2));
            }
        }
        cluster.append(samples);
        single.append(samples);
        clustered = new StoreQueries(cluster.readerAt(0, Duration.ofSeconds(2)));
        reference = new StoreQueries(single);
        assertThat(cluster.engines.get(0).stats().series()).isBetween(1, 23); // data really is split
        assertThat(cluster.engines.get(1).stats().series()).isEqualTo(24 - cluster.engines.get(0).stats().series());
    }

    @AfterEach
    void close() throws Exception {
        cluster.close();
        single.close();
    }

    /** Series order is the only thing allowed to differ from one store. */
    static List<SeriesPoints> sorted(QueryResult r) {
        List<SeriesPoints> out = new ArrayList<>(r.series());
        out.sort(Comparator.comparing(s -> s.series().toString()));
        return out;
    }

    private void assertSameAsOneStore() {
        Sharded<QueryResult> slice = Partiality.collect(() -> clustered.slice("svc.latency", Map.of(), 30));
        assertThat(slice.partial()).as("%s", slice).isFalse();
        assertThat(sorted(slice.value())).isEqualTo(sorted(reference.slice("svc.latency", Map.of(), 30)));
        assertThat(sorted(clustered.slice("svc.latency", Map.of("region", "east"), 7)))
                .isEqualTo(sorted(reference.slice("svc.latency", Map.of("region", "east"), 7)));
        assertThat(sorted(clustered.range("svc.latency", Map.of(), t0, t0 + 20 * 60_000L, 0, null)))
                .isEqualTo(sorted(reference.range("svc.latency", Map.of(), t0, t0 + 20 * 60_000L, 0, null)));
        for (Aggregation agg : List.of(Aggregation.AVG, Aggregation.SUM, Aggregation.RATE, Aggregation.P90)) {
            assertThat(sorted(clustered.range("svc.ok", Map.of(), t0, t0 + 3_000_000L, 300_000L, agg)))
                    .isEqualTo(sorted(reference.range("svc.ok", Map.of(), t0, t0 + 3_000_000L, 300_000L, agg)));
        }
        assertThat(clustered.metrics("")).isEqualTo(reference.metrics(""));
        assertThat(clustered.labelNames(LabelQuery.all())).isEqualTo(reference.labelNames(LabelQuery.all()));
        assertThat(clustered.labelValues("host", LabelQuery.all()))
                .isEqualTo(reference.labelValues("host", LabelQuery.all()));
        assertThat(clustered.slice("no.such", Map.of(), 5).noData())
                .isEqualTo(reference.slice("no.such", Map.of(), 5).noData());
        assertThat(clustered.range("svc.ok", Map.of(), 1, 2, 0, null).noData())
                .isEqualTo(reference.range("svc.ok", Map.of(), 1, 2, 0, null).noData());
        // One known series, routed to its shard only, reads the same.
        Map<String, String> h5 = Map.of("host", "h5");
        assertThat(clustered.slice("svc.ok", h5, 4, true).series())
                .isEqualTo(reference.slice("svc.ok", h5, 4).series());
    }

    @Test
    void completeMergedAnswersEqualOneStore() {
        assertSameAsOneStore();
    }

    @Test
    void theTwinAnswersWhenOneReplicaIsDown() throws Exception {
        cluster.stop(1); // replica 0 of shard 1
        assertSameAsOneStore();
    }

    /**
     * A replica that was down and comes back is read again at once: the reader's connection to it must not stay in
     * gRPC's reconnect back-off (up to two minutes), or the shard would be missing when its twin goes down next.
     */
    @Test
    void aRestartedReplicaAnswersAsSoonAsItIsBack() throws Exception {
        cluster.stop(1);
        assertSameAsOneStore(); // the reader's channel to ordinal 1 is now failing and backing off
        cluster.restart(1);
        cluster.stop(3);
        assertSameAsOneStore();
    }

    @Test
    void aShardWithNoReplicaMakesThePartialAnswerNamingIt() throws Exception {
        cluster.stop(1);
        cluster.stop(3); // both replicas of shard 1

        Sharded<QueryResult> slice = Partiality.collect(() -> clustered.slice("svc.latency", Map.of(), 1000));
        assertThat(slice.partial()).isTrue();
        assertThat(slice.missing()).extracting(MissingShard::shard).containsExactly(1);
        assertThat(slice.missing().get(0).message()).startsWith("shard 1: no ready replica (" + cluster.addresses
                .get(1) + ": UNAVAILABLE").contains(cluster.addresses.get(3) + ": UNAVAILABLE");
        // Shard 0's data is all there: exactly the series the local engine holds.
        QueryResult local = cluster.engines.get(0).lastPoints("svc.latency", Map.of(), 1000);
        assertThat(sorted(slice.value())).isEqualTo(sorted(local)).isNotEmpty();

        Sharded<List<String>> hosts = Partiality.collect(() -> clustered.labelValues("host", LabelQuery.all()));
        assertThat(hosts.partial()).isTrue();
        assertThat(hosts.value()).isNotEmpty().hasSizeLessThan(12);
    }
}
