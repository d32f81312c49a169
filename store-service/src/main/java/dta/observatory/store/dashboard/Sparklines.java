package dta.observatory.store.dashboard;

import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One small, fixed-size line per metric for the overview page, computed in one call so that a page of 1,000
 * metrics needs one request, not 1,000. Each bucket holds the mean over all of the metric's series and points in
 * it; an empty bucket is null (a gap).
 */
public final class Sparklines {

    /** Most buckets a sparkline may have. */
    public static final int MAX_BUCKETS = 500;

    /** One metric's line plus its newest point. */
    public record Sparkline(String metric, int seriesCount, Long lastTimestampMs, Double lastValue, Double[] values) {
    }

    private Sparklines() {
    }

    public static List<Sparkline> compute(Storage storage, String prefix, long fromMs, long toMs, int buckets) {
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("buckets must be between 1 and " + MAX_BUCKETS + ", got " + buckets);
        }
        if (toMs <= fromMs) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        double width = (toMs - fromMs) / (double) buckets;
        List<Sparkline> out = new ArrayList<>();
        for (MetricSummary m : storage.listMetrics(prefix == null ? "" : prefix)) {
            double[] sum = new double[buckets];
            int[] count = new int[buckets];
            for (SeriesPoints s : storage.range(m.name(), Map.of(), fromMs, toMs).series()) {
                for (Point p : s.points()) {
                    if (!Double.isFinite(p.value())) {
                        continue;
                    }
                    int b = (int) Math.min(buckets - 1, (long) ((p.timestampMs() - fromMs) / width));
                    sum[b] += p.value();
                    count[b]++;
                }
            }
            Double[] values = new Double[buckets];
            for (int i = 0; i < buckets; i++) {
                values[i] = count[i] == 0 ? null : sum[i] / count[i];
            }
            boolean hasPoint = m.lastTimestampMs() != 0;
            out.add(new Sparkline(m.name(), m.seriesCount(), hasPoint ? m.lastTimestampMs() : null,
                    hasPoint ? m.lastValue() : null, values));
        }
        return out;
    }
}
