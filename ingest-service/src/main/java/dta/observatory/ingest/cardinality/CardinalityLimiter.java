package dta.observatory.ingest.cardinality;

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
        long key = hash(labels);
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

    /**
     * A 64-bit hash of the label set, the same in any map order without sorting a copy per sample: each
     * name/value pair is hashed with FNV-1a, scrambled, and the pairs' hashes are added (names in a map are unique,
     * so no pair cancels another).
     */
    static long hash(Map<String, String> labels) {
        long h = 0;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            long pair = mix(mix(0xcbf29ce484222325L, e.getKey()), "\u0000");
            h += scramble(mix(pair, e.getValue()));
        }
        return h;
    }

    /** The finaliser of SplitMix64: spreads every input bit over the whole word before the sum. */
    private static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
