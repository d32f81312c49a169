package dta.observatory.store.opendata;

import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.SeriesPoints;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns raw series into publishable rows. Only aggregates leave: the raw points never reach the output, labels
 * outside the KPI's breakdown allowlist are dropped before grouping (so they cannot appear even as a group key),
 * and a group smaller than k keeps its place but loses its value.
 */
public final class KpiCalculator {

    private KpiCalculator() {
    }

    /**
     * @param fromMs first instant asked for; rows start at the period holding it
     * @param toMs last instant asked for (exclusive); the period holding it is the last row
     */
    public static List<KpiRow> compute(KpiDefinition kpi, List<SeriesPoints> series, long fromMs, long toMs) {
        if (toMs <= fromMs) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        long first = kpi.period().floor(fromMs);
        // period start -> group (allowlisted labels only) -> accumulator
        Map<Long, Map<Map<String, String>, Acc>> buckets = new TreeMap<>();
        for (SeriesPoints s : series) {
            if (!s.series().matches(kpi.matchers())) {
                continue;
            }
            Map<String, String> group = new LinkedHashMap<>();
            for (String label : kpi.breakdown()) {
                group.put(label, s.series().labels().getOrDefault(label, ""));
            }
            Acc current = null;
            long currentStart = Long.MIN_VALUE;
            for (Point p : s.points()) {
                if (p.timestampMs() < first || p.timestampMs() >= toMs || !Double.isFinite(p.value())) {
                    continue;
                }
                long start = kpi.period().floor(p.timestampMs());
                if (start != currentStart) {
                    currentStart = start;
                    current = buckets.computeIfAbsent(start, k -> new LinkedHashMap<>())
                            .computeIfAbsent(Map.copyOf(group), k -> new Acc());
                    current.series++;
                    current.previous = Double.NaN;
                }
                current.add(p.value());
            }
        }
        List<KpiRow> rows = new ArrayList<>();
        for (Map.Entry<Long, Map<Map<String, String>, Acc>> bucket : buckets.entrySet()) {
            long start = bucket.getKey();
            List<Map.Entry<Map<String, String>, Acc>> groups = new ArrayList<>(bucket.getValue().entrySet());
            groups.sort(Comparator.comparing(e -> groupSortKey(kpi, e.getKey())));
            for (Map.Entry<Map<String, String>, Acc> g : groups) {
                Acc acc = g.getValue();
                long size = kpi.groupSizeBy() == KpiDefinition.GroupSizeBy.SERIES ? acc.series : acc.count;
                Map<String, String> ordered = new LinkedHashMap<>();
                for (String label : kpi.breakdown()) {
                    ordered.put(label, g.getKey().get(label));
                }
                if (size < kpi.minGroupSize()) {
                    rows.add(new KpiRow(start, start + kpi.period().ms(), ordered, null, true));
                } else {
                    double v = acc.result(kpi.aggregate(), kpi.period().ms());
                    rows.add(new KpiRow(start, start + kpi.period().ms(), ordered, round(v, kpi.decimals()), false));
                }
            }
        }
        return rows;
    }

    static double round(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static String groupSortKey(KpiDefinition kpi, Map<String, String> group) {
        StringBuilder key = new StringBuilder();
        for (String label : kpi.breakdown()) {
            key.append(group.get(label)).append('\u0000');
        }
        return key.toString();
    }

    /** Running state of one group in one period. */
    private static final class Acc {
        double[] values = new double[16];
        int count;
        int series;
        double sum;
        double increase;
        double previous = Double.NaN;

        void add(double v) {
            if (count == values.length) {
                values = java.util.Arrays.copyOf(values, count * 2);
            }
            values[count++] = v;
            sum += v;
            if (!Double.isNaN(previous)) {
                // A counter that went down was reset: everything it now shows is new increase.
                increase += v >= previous ? v - previous : v;
            }
            previous = v;
        }

        double result(KpiAggregate aggregate, long periodMs) {
            return switch (aggregate) {
                case AVG -> sum / count;
                case SUM -> sum;
                case COUNT -> count;
                case P50 -> KpiAggregate.percentile(values, count, 0.50);
                case P90 -> KpiAggregate.percentile(values, count, 0.90);
                case P99 -> KpiAggregate.percentile(values, count, 0.99);
                case RATE -> increase / (periodMs / 1000.0);
            };
        }
    }
}
