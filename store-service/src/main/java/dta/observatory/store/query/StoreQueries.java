package dta.observatory.store.query;

import dta.observatory.store.cluster.query.Partiality;
import dta.observatory.store.cluster.query.ShardReader.SliceItem;
import dta.observatory.store.cluster.query.Sharded;
import dta.observatory.store.cluster.query.ShardedStorage;
import dta.observatory.store.storage.HourRollup;
import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.RangeData;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.SeriesRange;
import dta.observatory.store.storage.Storage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The read side of the store as its APIs offer it: validates query parameters (throwing
 * {@link IllegalArgumentException} with a message that names the bad parameter) and shapes results from
 * {@link Storage}. Both the gRPC and the REST endpoints call this, so they answer the same way.
 */
public final class StoreQueries {

    /** Most points one slice may ask for: the seed's ring size. */
    public static final int MAX_SLICE_POINTS = 10_000;
    /** Most buckets one stepped range may produce per series, so a tiny step cannot blow up a response. */
    public static final long MAX_RANGE_BUCKETS = 11_000;

    private final Storage storage;

    public StoreQueries(Storage storage) {
        this.storage = storage;
    }

    public QueryResult slice(String metric, Map<String, String> matchers, int n) {
        return slice(metric, matchers, n, false);
    }

    /**
     * @param exactSeries the matchers are one series' complete label set: a clustered store reads only its shard
     */
    public QueryResult slice(String metric, Map<String, String> matchers, int n, boolean exactSeries) {
        checkSlice(metric, n);
        return source(exactSeries, metric, matchers).lastPoints(metric, matchers, n);
    }

    /** Throws IllegalArgumentException naming the bad parameter of a slice. */
    public void checkSlice(String metric, int n) {
        requireMetric(metric);
        if (n < 1 || n > MAX_SLICE_POINTS) {
            throw new IllegalArgumentException("n must be between 1 and " + MAX_SLICE_POINTS + ", got " + n);
        }
    }

    /**
     * Many slices (each already {@link #checkSlice checked}), each with the shards it lacks. A clustered store reads
     * them with one call per shard; a single one slice by slice.
     *
     * @param exactSeries per item, as for {@link #slice(String, Map, int, boolean)}
     */
    public List<Sharded<QueryResult>> sliceBatch(List<SliceItem> items, List<Boolean> exactSeries) {
        if (storage instanceof ShardedStorage sharded) {
            List<Integer> shardOfItem = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                SliceItem item = items.get(i);
                shardOfItem.add(exactSeries.get(i) ? sharded.shardOfSeries(item.metric(), item.matchers()) : -1);
            }
            return sharded.lastPointsBatch(items, shardOfItem);
        }
        List<Sharded<QueryResult>> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            SliceItem item = items.get(i);
            boolean exact = exactSeries.get(i);
            out.add(Partiality.collect(() -> slice(item.metric(), item.matchers(), item.n(), exact)));
        }
        return out;
    }

    private Storage source(boolean exactSeries, String metric, Map<String, String> matchers) {
        return exactSeries ? storage.forSeries(metric, matchers) : storage;
    }

    /** Raw points when {@code stepMs == 0}; otherwise one aggregated point per non-empty step bucket. */
    public QueryResult range(String metric, Map<String, String> matchers, long fromMs, long toMs, long stepMs,
            Aggregation aggregation) {
        return range(metric, matchers, fromMs, toMs, stepMs, aggregation, false);
    }

    /** As above; {@code exactSeries} as for {@link #slice(String, Map, int, boolean)}. */
    public QueryResult range(String metric, Map<String, String> matchers, long fromMs, long toMs, long stepMs,
            Aggregation aggregation, boolean exactSeries) {
        requireMetric(metric);
        Storage storage = source(exactSeries, metric, matchers);
        if (toMs < fromMs) {
            throw new IllegalArgumentException("'to' (" + toMs + ") must not be before 'from' (" + fromMs + ")");
        }
        if (stepMs < 0) {
            throw new IllegalArgumentException("step must not be negative, got " + stepMs);
        }
        if (stepMs > 0 && aggregation == null) {
            throw new IllegalArgumentException("a step needs an aggregate (" + Aggregation.NAMES + ")");
        }
        if (stepMs > 0 && (toMs - fromMs) / stepMs > MAX_RANGE_BUCKETS) {
            throw new IllegalArgumentException("step " + stepMs + " ms gives more than " + MAX_RANGE_BUCKETS
                    + " buckets over this range; use a larger step");
        }
        if (stepMs == 0) {
            return storage.range(metric, matchers, fromMs, toMs);
        }
        // A rate's first bucket starts from the last point of the step before the window (a lookbehind).
        long readFrom = aggregation == Aggregation.RATE ? Math.max(Long.MIN_VALUE + stepMs, fromMs) - stepMs : fromMs;
        RangeData data = storage.rangeDetailed(metric, matchers, readFrom, toMs);
        if (aggregation.needsRawSamples()) {
            refuseRollups(aggregation, data);
        }
        List<SeriesPoints> stepped = new ArrayList<>(data.series().size());
        for (SeriesRange s : data.series()) {
            List<Point> points = StepAggregator.aggregate(s.raw(), s.hours(), fromMs, stepMs, aggregation);
            if (!points.isEmpty()) {
                stepped.add(new SeriesPoints(s.series(), points));
            }
        }
        return QueryResult.of(stepped, data.metricKnown());
    }

    /**
     * Percentiles cannot be computed from hourly count/sum/min/max/last, and answering only part of the range would
     * look like a complete answer: refuse, naming the first instant from which raw samples answer.
     */
    private static void refuseRollups(Aggregation aggregation, RangeData data) {
        long rolledUntil = Long.MIN_VALUE;
        for (SeriesRange s : data.series()) {
            for (HourRollup h : s.hours()) { // only hours that start in the window are read
                rolledUntil = Math.max(rolledUntil, h.hourMs() + HourRollup.HOUR_MS);
            }
        }
        if (rolledUntil != Long.MIN_VALUE) {
            throw new IllegalArgumentException(aggregation.wireName() + " is computed from raw samples only, but this"
                    + " range reaches hours kept only as hourly roll-ups (count, sum, min, max, last) until "
                    + Instant.ofEpochMilli(rolledUntil) + "; start the range at or after " + rolledUntil
                    + " or use avg, min, max, sum, count, last or rate");
        }
    }

    /** Label names of the series {@code query} selects, sorted (as Prometheus' /api/v1/labels). */
    public List<String> labelNames(LabelQuery query) {
        return storage.labelNames(query);
    }

    /** Values of {@code label} among the series {@code query} selects, sorted ({@code __name__}: metric names). */
    public List<String> labelValues(String label, LabelQuery query) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a label name is required");
        }
        return storage.labelValues(label, query);
    }

    public List<MetricSummary> metrics(String prefix) {
        return storage.listMetrics(prefix == null ? "" : prefix);
    }

    private static void requireMetric(String metric) {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric is required");
        }
    }
}
