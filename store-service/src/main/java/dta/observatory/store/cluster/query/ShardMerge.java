package dta.observatory.store.cluster.query;

import dta.observatory.store.engine.block.BlockWriter;
import dta.observatory.store.storage.LabelSets;
import dta.observatory.store.storage.LastN;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.NoData;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.RangeData;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.SeriesRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Merges the answers of several shards to one read into the answer one store holding all their series would give.
 * Every series lives in exactly one shard, so ranges are unions; "the last n points" is recounted over all shards
 * (each shard's own newest n contain every point of the overall newest n). Merged series are ordered by key
 * (metric, then labels), so the answer does not depend on which shard answered first. Pure functions.
 */
public final class ShardMerge {

    private static final Comparator<SeriesPoints> BY_KEY = Comparator.comparing(SeriesPoints::series,
            BlockWriter.KEY_ORDER);

    private ShardMerge() {
    }

    /** The newest {@code n} points over the series of all shards, counted together, as one engine counts them. */
    public static QueryResult lastPoints(List<QueryResult> shards, int n) {
        List<SeriesPoints> all = new ArrayList<>();
        for (QueryResult r : shards) {
            all.addAll(r.series());
        }
        all.sort(BY_KEY);
        return QueryResult.of(all.isEmpty() ? all : LastN.across(all, n), anyKnown(shards));
    }

    /** The union of the shards' series. */
    public static QueryResult range(List<QueryResult> shards) {
        List<SeriesPoints> all = new ArrayList<>();
        for (QueryResult r : shards) {
            all.addAll(r.series());
        }
        all.sort(BY_KEY);
        return QueryResult.of(all, anyKnown(shards));
    }

    /** The union of the shards' series, raw points and roll-ups each as the shard gave them. */
    public static RangeData rangeDetailed(List<RangeData> shards) {
        List<SeriesRange> all = new ArrayList<>();
        boolean known = false;
        for (RangeData r : shards) {
            all.addAll(r.series());
            known |= r.metricKnown();
        }
        all.sort(Comparator.comparing(SeriesRange::series, BlockWriter.KEY_ORDER));
        return new RangeData(all, known);
    }

    /**
     * One summary per name, sorted: series counts added (no series is in two shards), the newest point the newest
     * of the shards' newest points ({@code lastTimestampMs} 0 means "no point", as the engine says it).
     */
    public static List<MetricSummary> metrics(List<List<MetricSummary>> shards) {
        TreeMap<String, MetricSummary> byName = new TreeMap<>();
        for (List<MetricSummary> shard : shards) {
            for (MetricSummary m : shard) {
                byName.merge(m.name(), m, ShardMerge::combine);
            }
        }
        return List.copyOf(byName.values());
    }

    private static MetricSummary combine(MetricSummary a, MetricSummary b) {
        MetricSummary newer = hasPoint(b) && (!hasPoint(a) || b.lastTimestampMs() > a.lastTimestampMs()) ? b : a;
        return new MetricSummary(a.name(), a.seriesCount() + b.seriesCount(), newer.lastTimestampMs(),
                newer.lastValue());
    }

    private static boolean hasPoint(MetricSummary m) {
        return m.lastTimestampMs() != 0;
    }

    /** Sorted unions of the shards' label names and values. */
    public static LabelSets labelSets(String label, List<LabelSets> shards) {
        LabelSets out = new LabelSets(label);
        for (LabelSets s : shards) {
            out.addAll(s.names(), label == null ? List.of() : s.values());
        }
        return out;
    }

    /** Metric known when any shard knows it: "empty range" then, not "unknown metric". */
    private static boolean anyKnown(List<QueryResult> shards) {
        return shards.stream().anyMatch(r -> r.noData() != NoData.UNKNOWN_METRIC);
    }
}
