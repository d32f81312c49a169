package dta.observatory.store.cluster.query;

import dta.observatory.store.cluster.ClusterTopology;
import dta.observatory.store.cluster.query.ShardReader.SliceItem;
import dta.observatory.store.storage.AppendOutcome;
import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.LabelSets;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.RangeData;
import dta.observatory.store.storage.Storage;
import dta.observatory.store.storage.StoredSample;
import dta.observatory.support.SeriesId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * The whole cluster read as one {@link Storage}: each read asks every shard (or, for one known series, only its
 * shard) in parallel, each shard through the first of its replicas that answers, in
 * {@link ClusterTopology#replicasOf} order (this instance first for its own shard), and merges the answers with
 * {@link ShardMerge}. A shard none of whose replicas answers is left out and named: the {@code ...Sharded} methods
 * return it with the answer; the {@link Storage} methods report it to {@link Partiality}. Never a silent hole.
 *
 * <p>Reads only: samples reach a clustered store through Kafka, into the local engine, never through this.
 */
public final class ShardedStorage implements Storage {

    /** All shards: the read is not limited to one series' shard. */
    private static final int ALL = -1;

    private final ClusterTopology topology;
    private final List<List<ShardReader>> replicasByShard;
    private final Executor executor;
    private final IntConsumer onMissing;
    private final int onlyShard;

    /**
     * @param readerOf  the reader of the instance with a given ordinal (the local engine for this instance)
     * @param executor  runs the reads of the shards other than the first in parallel
     * @param onMissing told the shard each time a read has to leave one out (a metric)
     */
    public ShardedStorage(ClusterTopology topology, IntFunction<ShardReader> readerOf, Executor executor,
            IntConsumer onMissing) {
        this(topology, replicas(topology, readerOf), executor, onMissing, ALL);
    }

    private ShardedStorage(ClusterTopology topology, List<List<ShardReader>> replicasByShard, Executor executor,
            IntConsumer onMissing, int onlyShard) {
        this.topology = topology;
        this.replicasByShard = replicasByShard;
        this.executor = executor;
        this.onMissing = onMissing;
        this.onlyShard = onlyShard;
    }

    private static List<List<ShardReader>> replicas(ClusterTopology topology, IntFunction<ShardReader> readerOf) {
        List<List<ShardReader>> out = new ArrayList<>(topology.shards());
        for (int s = 0; s < topology.shards(); s++) {
            List<ShardReader> replicas = new ArrayList<>();
            for (int ordinal : topology.replicasOf(s)) {
                replicas.add(readerOf.apply(ordinal));
            }
            out.add(List.copyOf(replicas));
        }
        return List.copyOf(out);
    }

    /** A view that reads only the shard of the series {@code metric} + {@code labels} (the complete label set). */
    @Override
    public Storage forSeries(String metric, Map<String, String> labels) {
        int shard = topology.shardOfSeries(SeriesId.of(metric, labels));
        return new ShardedStorage(topology, replicasByShard, executor, onMissing, shard);
    }

    // ------------------------------------------------------------------ reads with their missing shards

    public Sharded<QueryResult> lastPointsSharded(String metric, Map<String, String> matchers, int n) {
        Answers<QueryResult> a = ask(shards(onlyShard), r -> r.lastPoints(metric, matchers, n));
        return new Sharded<>(ShardMerge.lastPoints(a.values, n), a.missing);
    }

    public Sharded<QueryResult> rangeSharded(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        Answers<QueryResult> a = ask(shards(onlyShard), r -> r.range(metric, matchers, fromMs, toMs));
        return new Sharded<>(ShardMerge.range(a.values), a.missing);
    }

    public Sharded<RangeData> rangeDetailedSharded(String metric, Map<String, String> matchers, long fromMs,
            long toMs) {
        Answers<RangeData> a = ask(shards(onlyShard), r -> r.rangeDetailed(metric, matchers, fromMs, toMs));
        return new Sharded<>(ShardMerge.rangeDetailed(a.values), a.missing);
    }

    public Sharded<List<MetricSummary>> listMetricsSharded(String prefix) {
        Answers<List<MetricSummary>> a = ask(shards(ALL), r -> r.listMetrics(prefix));
        return new Sharded<>(ShardMerge.metrics(a.values), a.missing);
    }

    public Sharded<LabelSets> labelSetsSharded(String label, LabelQuery query) {
        Answers<LabelSets> a = ask(shards(ALL), r -> r.labelSets(label, query));
        return new Sharded<>(ShardMerge.labelSets(label, a.values), a.missing);
    }

    /**
     * Many slices with one call per shard: an item with {@code shardOfItem} ≥ 0 goes to that shard only, the others
     * to every shard; each item is merged from its shards' answers and names its own missing shards.
     *
     * @param shardOfItem per item, its series' shard, or -1 for every shard
     */
    public List<Sharded<QueryResult>> lastPointsBatch(List<SliceItem> items, List<Integer> shardOfItem) {
        int shards = topology.shards();
        List<List<Integer>> itemsOfShard = new ArrayList<>(shards);
        for (int s = 0; s < shards; s++) {
            itemsOfShard.add(new ArrayList<>());
        }
        for (int i = 0; i < items.size(); i++) {
            int target = shardOfItem.get(i);
            for (int s : shards(target)) {
                itemsOfShard.get(s).add(i);
            }
        }
        List<Integer> asked = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            if (!itemsOfShard.get(s).isEmpty()) {
                asked.add(s);
            }
        }
        // Per shard: its items' answers in the order of itemsOfShard.
        Answers<List<QueryResult>> a = askEach(asked.stream().mapToInt(Integer::intValue).toArray(),
                shard -> r -> r.lastPointsBatch(itemsOfShard.get(shard).stream().map(items::get).toList()));
        List<List<QueryResult>> perItem = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            perItem.add(new ArrayList<>());
        }
        for (int k = 0; k < a.answered.size(); k++) {
            List<Integer> its = itemsOfShard.get(a.answered.get(k));
            List<QueryResult> results = a.values.get(k);
            for (int j = 0; j < its.size(); j++) {
                perItem.get(its.get(j)).add(results.get(j));
            }
        }
        List<Sharded<QueryResult>> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            int target = shardOfItem.get(i);
            List<MissingShard> missing = a.missing.stream().filter(m -> target == ALL || m.shard() == target)
                    .toList();
            out.add(new Sharded<>(ShardMerge.lastPoints(perItem.get(i), items.get(i).n()), missing));
        }
        return out;
    }

    /** The shard an exact series lives in, for {@link #lastPointsBatch}. */
    public int shardOfSeries(String metric, Map<String, String> labels) {
        return topology.shardOfSeries(SeriesId.of(metric, labels));
    }

    // ------------------------------------------------------------------ Storage

    @Override
    public QueryResult lastPoints(String metric, Map<String, String> matchers, int n) {
        return reported(lastPointsSharded(metric, matchers, n));
    }

    @Override
    public QueryResult range(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        return reported(rangeSharded(metric, matchers, fromMs, toMs));
    }

    @Override
    public RangeData rangeDetailed(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        return reported(rangeDetailedSharded(metric, matchers, fromMs, toMs));
    }

    @Override
    public List<MetricSummary> listMetrics(String prefix) {
        return reported(listMetricsSharded(prefix));
    }

    @Override
    public LabelSets labelSets(String label, LabelQuery query) {
        return reported(labelSetsSharded(label, query));
    }

    private static <T> T reported(Sharded<T> answer) {
        Partiality.report(answer.missing());
        return answer.value();
    }

    @Override
    public AppendOutcome append(List<StoredSample> samples) {
        throw new IllegalStateException("a clustered store takes samples from Kafka into its own engine only");
    }

    /** Closes the peers' readers (the local engine is closed by whoever opened it). */
    @Override
    public void close() {
        if (onlyShard != ALL) {
            return; // a view shares its parent's readers
        }
        replicasByShard.forEach(rs -> rs.forEach(ShardReader::close));
    }

    // ------------------------------------------------------------------ fan-out

    private int[] shards(int only) {
        if (only != ALL) {
            return new int[] {only};
        }
        int[] all = new int[topology.shards()];
        for (int s = 0; s < all.length; s++) {
            all[s] = s;
        }
        return all;
    }

    /** What the shards answered (in the order asked, of those that answered) and which shards did not. */
    private record Answers<T>(List<Integer> answered, List<T> values, List<MissingShard> missing) {
    }

    private <T> Answers<T> ask(int[] shards, Function<ShardReader, T> read) {
        return askEach(shards, shard -> read);
    }

    /**
     * Reads the shards in parallel: all but the first on the executor, the first on this thread (it is this
     * instance's own shard when this instance holds one of them, the common case for a one-series read).
     */
    private <T> Answers<T> askEach(int[] shards, IntFunction<Function<ShardReader, T>> readOfShard) {
        List<CompletableFuture<Attempt<T>>> pending = new ArrayList<>(shards.length);
        for (int k = 1; k < shards.length; k++) {
            int shard = shards[k];
            pending.add(CompletableFuture.supplyAsync(() -> readShard(shard, readOfShard.apply(shard)), executor));
        }
        List<Attempt<T>> attempts = new ArrayList<>(shards.length);
        if (shards.length > 0) {
            attempts.add(readShard(shards[0], readOfShard.apply(shards[0])));
        }
        for (CompletableFuture<Attempt<T>> f : pending) {
            try {
                attempts.add(f.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r; // a bad question (IllegalArgumentException): the caller's error, as for one store
                }
                throw e;
            }
        }
        List<Integer> answered = new ArrayList<>();
        List<T> values = new ArrayList<>();
        List<MissingShard> missing = new ArrayList<>();
        for (Attempt<T> a : attempts) {
            if (a.missing == null) {
                answered.add(a.shard);
                values.add(a.value);
            } else {
                missing.add(a.missing);
                onMissing.accept(a.shard);
            }
        }
        missing.sort(java.util.Comparator.comparingInt(MissingShard::shard));
        return new Answers<>(answered, values, missing);
    }

    private record Attempt<T>(int shard, T value, MissingShard missing) {
    }

    /** The first replica that answers, in order; a bad question fails at once rather than trying the twin. */
    private <T> Attempt<T> readShard(int shard, Function<ShardReader, T> read) {
        List<String> failures = new ArrayList<>();
        for (ShardReader replica : replicasByShard.get(shard)) {
            try {
                return new Attempt<>(shard, read.apply(replica), null);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) { // ShardReadException, or the local engine failing (closed, I/O)
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                failures.add(why.startsWith(replica.name()) ? why : replica.name() + ": " + why);
            }
        }
        return new Attempt<>(shard, null, new MissingShard(shard, "shard " + shard + ": no ready replica ("
                + String.join(", ", failures) + ")"));
    }
}
