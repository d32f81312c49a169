package dta.observatory.store.query;

import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.Storage;
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
        requireMetric(metric);
        if (n < 1 || n > MAX_SLICE_POINTS) {
            throw new IllegalArgumentException("n must be between 1 and " + MAX_SLICE_POINTS + ", got " + n);
        }
        return storage.lastPoints(metric, matchers, n);
    }

    /** Raw points when {@code stepMs == 0}; otherwise one aggregated point per non-empty step bucket. */
    public QueryResult range(String metric, Map<String, String> matchers, long fromMs, long toMs, long stepMs,
            Aggregation aggregation) {
        requireMetric(metric);
        if (toMs < fromMs) {
            throw new IllegalArgumentException("'to' (" + toMs + ") must not be before 'from' (" + fromMs + ")");
        }
        if (stepMs < 0) {
            throw new IllegalArgumentException("step must not be negative, got " + stepMs);
        }
        if (stepMs > 0 && aggregation == null) {
            throw new IllegalArgumentException("a step needs an aggregate (avg, min, max, sum, count, last)");
        }
        if (stepMs > 0 && (toMs - fromMs) / stepMs > MAX_RANGE_BUCKETS) {
            throw new IllegalArgumentException("step " + stepMs + " ms gives more than " + MAX_RANGE_BUCKETS
                    + " buckets over this range; use a larger step");
        }
        QueryResult raw = storage.range(metric, matchers, fromMs, toMs);
        if (stepMs == 0) {
            return raw;
        }
        List<SeriesPoints> stepped = new ArrayList<>(raw.series().size());
        for (SeriesPoints s : raw.series()) {
            stepped.add(new SeriesPoints(s.series(), StepAggregator.aggregate(s.points(), fromMs, stepMs, aggregation)));
        }
        return new QueryResult(stepped, raw.noData());
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
