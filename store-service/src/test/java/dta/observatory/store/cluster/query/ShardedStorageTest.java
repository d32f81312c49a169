package dta.observatory.store.cluster.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.store.cluster.ClusterTopology;
import dta.observatory.store.cluster.query.ShardReader.SliceItem;
import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.LabelSets;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.RangeData;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing, fail-over and partial answers of ShardedStorage over fake replicas (no sockets). */
class ShardedStorageTest {

    final ExecutorService executor = Executors.newCachedThreadPool();
    final List<Integer> countedMissing = new ArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A replica that holds one series of metric "m", or is down. */
    static final class Fake implements ShardReader {
        final String name;
        final SeriesKey key;
        volatile boolean down;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger batchCalls = new AtomicInteger();

        Fake(String name, String region) {
            this.name = name;
            this.key = SeriesKey.of("m", Map.of("region", region));
        }

        @Override
        public String name() {
            return name;
        }

        private QueryResult answer(String metric) {
            calls.incrementAndGet();
            if (down) {
                throw new ShardReadException(name + ": UNAVAILABLE: io exception");
            }
            if (!metric.equals("m")) {
                return QueryResult.of(List.of(), false);
            }
            return QueryResult.of(List.of(new SeriesPoints(key, List.of(new Point(1, 1), new Point(2, 2)))), true);
        }

        @Override
        public QueryResult lastPoints(String metric, Map<String, String> matchers, int n) {
            if (n == 99) {
                throw new IllegalArgumentException("bad n");
            }
            return answer(metric);
        }

        @Override
        public List<QueryResult> lastPointsBatch(List<SliceItem> items) {
            batchCalls.incrementAndGet();
            return items.stream().map(i -> answer(i.metric())).toList();
        }

        @Override
        public QueryResult range(String metric, Map<String, String> matchers, long fromMs, long toMs) {
            return answer(metric);
        }

        @Override
        public RangeData rangeDetailed(String metric, Map<String, String> matchers, long fromMs, long toMs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<MetricSummary> listMetrics(String prefix) {
            answer("m");
            return List.of(new MetricSummary("m", 1, 2, 2));
        }

        @Override
        public LabelSets labelSets(String label, LabelQuery query) {
            answer("m");
            LabelSets s = new LabelSets(label);
            s.add(key);
            return s;
        }
    }

    // 2 shards x 2 replicas, this instance is ordinal 0 (shard 0); ordinal 1 and 3 hold shard 1.
    final ClusterTopology topology = new ClusterTopology(2, 2, 4, 0, List.of("s0", "s1", "s2", "s3"));
    final Fake[] replicas = {new Fake("s0", "zero"), new Fake("s1", "one"), new Fake("s2", "zero"),
            new Fake("s3", "one")};
    final ShardedStorage storage = new ShardedStorage(topology, o -> replicas[o], executor, countedMissing::add);

    @Test
    void readsEveryShardFromItsFirstReplica() {
        Sharded<QueryResult> r = storage.rangeSharded("m", Map.of(), 0, 10);
        assertThat(r.partial()).isFalse();
        assertThat(r.value().series()).extracting(s -> s.series().label("region")).containsExactly("one", "zero");
        assertThat(replicas[0].calls).hasValue(1);
        assertThat(replicas[1].calls).hasValue(1);
        assertThat(replicas[2].calls).hasValue(0);
        assertThat(replicas[3].calls).hasValue(0);
    }

    @Test
    void failsOverToTheTwin() {
        replicas[1].down = true;
        Sharded<List<MetricSummary>> r = storage.listMetricsSharded("");
        assertThat(r.partial()).isFalse();
        assertThat(r.value()).containsExactly(new MetricSummary("m", 2, 2, 2));
        assertThat(replicas[3].calls).hasValue(1);
    }

    @Test
    void aShardWithoutAnyReplicaMakesThePartialAnswerNamingIt() {
        replicas[1].down = true;
        replicas[3].down = true;
        Sharded<QueryResult> r = storage.lastPointsSharded("m", Map.of(), 10);
        assertThat(r.partial()).isTrue();
        assertThat(r.missing()).extracting(MissingShard::shard).containsExactly(1);
        assertThat(r.missing().get(0).message()).isEqualTo(
                "shard 1: no ready replica (s1: UNAVAILABLE: io exception, s3: UNAVAILABLE: io exception)");
        assertThat(r.value().series()).extracting(s -> s.series().label("region")).containsExactly("zero");
        assertThat(countedMissing).containsExactly(1);

        // Through the Storage interface the gap goes to the request's Partiality scope.
        Sharded<LabelSets> viaStorage = Partiality.collect(() -> storage.labelSets("region", LabelQuery.all()));
        assertThat(viaStorage.missing()).extracting(MissingShard::shard).containsExactly(1);
        assertThat(viaStorage.value().values()).containsExactly("zero");
    }

    @Test
    void aBadQuestionFailsRatherThanTryingTheTwin() {
        assertThatThrownBy(() -> storage.lastPoints("m", Map.of(), 99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad n");
    }

    @Test
    void oneSeriesIsReadOnlyFromItsShard() {
        Map<String, String> labels = Map.of("region", "x");
        int shard = storage.shardOfSeries("m", labels);
        Storage view = storage.forSeries("m", labels);
        view.lastPoints("m", labels, 5);
        int callsOfShard = replicas[shard].calls.get();
        int callsOfOther = replicas[1 - shard].calls.get();
        assertThat(callsOfShard).isEqualTo(1);
        assertThat(callsOfOther).isZero();
    }

    @Test
    void batchesMakeOneCallPerShardAndSayPerItemWhatIsMissing() {
        replicas[1].down = true;
        replicas[3].down = true;
        Map<String, String> inShard0 = labelsInShard(0);
        Map<String, String> inShard1 = labelsInShard(1);
        List<SliceItem> items = List.of(new SliceItem("m", Map.of(), 10), new SliceItem("m", inShard0, 10),
                new SliceItem("m", inShard1, 10), new SliceItem("other", Map.of(), 1));
        List<Sharded<QueryResult>> out = storage.lastPointsBatch(items, List.of(-1,
                storage.shardOfSeries("m", inShard0), storage.shardOfSeries("m", inShard1), -1));

        assertThat(replicas[0].batchCalls).hasValue(1);
        assertThat(replicas[1].batchCalls).hasValue(1);
        assertThat(replicas[3].batchCalls).hasValue(1);
        assertThat(out).extracting(Sharded::partial).containsExactly(true, false, true, true);
        assertThat(out.get(1).value().series()).hasSize(1);
        assertThat(out.get(3).value().noData()).isEqualTo(dta.observatory.store.storage.NoData.UNKNOWN_METRIC);
    }

    private Map<String, String> labelsInShard(int shard) {
        for (int i = 0;; i++) {
            Map<String, String> labels = Map.of("region", "r" + i);
            if (storage.shardOfSeries("m", labels) == shard) {
                return labels;
            }
        }
    }
}
