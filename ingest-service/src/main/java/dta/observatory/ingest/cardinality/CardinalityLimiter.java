package dta.observatory.ingest.cardinality;

import dta.observatory.support.SeriesId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-metric series-cardinality limit (a label with unbounded values is the most common cause of TSDB outages):
 * a metric may have at most {@code maxSeriesPerMetric} distinct label sets, and ingest tracks at most
 * {@code maxMetrics} metrics. A series seen before is always admitted; a new one is refused once its metric is full.
 *
 * <p>Memory is bounded: one 64-bit hash per series, at most {@code maxMetrics × maxSeriesPerMetric} of them. Series
 * are remembered until restart (no expiry yet), so a metric that churns label values stays at its limit.
 */
public final class CardinalityLimiter {

    private final int maxSeriesPerMetric;
    private final int maxMetrics;
    private final ConcurrentHashMap<String, Set<Long>> seriesByMetric = new ConcurrentHashMap<>();

    public CardinalityLimiter(int maxSeriesPerMetric, int maxMetrics) {
        if (maxSeriesPerMetric < 1) {
            throw new IllegalArgumentException("maxSeriesPerMetric must be >= 1, got " + maxSeriesPerMetric);
        }
        if (maxMetrics < 1) {
            throw new IllegalArgumentException("maxMetrics must be >= 1, got " + maxMetrics);
        }
        this.maxSeriesPerMetric = maxSeriesPerMetric;
        this.maxMetrics = maxMetrics;
    }

    /** @return null when the series may be stored, else why not */
    public String check(String metric, Map<String, String> labels) {
        Set<Long> series = seriesByMetric.get(metric);
        if (series == null) {
            if (seriesByMetric.size() >= maxMetrics) {
                return "ingest already tracks " + maxMetrics + " metrics; new metric '" + metric + "' refused";
            }
            series = seriesByMetric.computeIfAbsent(metric, k -> ConcurrentHashMap.newKeySet());
        }
        long key = SeriesId.of(metric, labels);
        if (series.contains(key)) {
            return null;
        }
        synchronized (series) {
            if (series.size() >= maxSeriesPerMetric) {
                return "metric '" + metric + "' already has " + maxSeriesPerMetric
                        + " series; new label sets are refused (the per-metric cardinality limit)";
            }
            series.add(key);
        }
        return null;
    }

    /** Series currently tracked for a metric. */
    public int seriesOf(String metric) {
        Set<Long> series = seriesByMetric.get(metric);
        return series == null ? 0 : series.size();
    }
}
