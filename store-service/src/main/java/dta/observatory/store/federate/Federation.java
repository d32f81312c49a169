package dta.observatory.store.federate;

import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@code /federate} answer: the newest point of every series that any selector matches, within a
 * look-back window (like Prometheus' staleness window, so a series that stopped reporting stops being exported),
 * written in the Prometheus text exposition format 0.0.4 with explicit timestamps.
 */
public final class Federation {

    /** One exported series: Prometheus name, exported labels (sorted, including the original-name label), point. */
    public record Exported(String promName, Map<String, String> labels, Point point) {
    }

    private final Storage storage;
    private final long lookbackMs;

    public Federation(Storage storage, long lookbackMs) {
        if (lookbackMs <= 0) {
            throw new IllegalArgumentException("federate look-back must be positive, got " + lookbackMs + " ms");
        }
        this.storage = storage;
        this.lookbackMs = lookbackMs;
    }

    /** Series matched by any selector, sorted by Prometheus name then labels (a family's lines stay together). */
    public List<Exported> collect(List<SeriesSelector> selectors, long nowMs) {
        List<Exported> out = new ArrayList<>();
        for (MetricSummary metric : storage.listMetrics("")) {
            if (!couldMatch(selectors, metric.name())) {
                continue;
            }
            QueryResult r = storage.range(metric.name(), Map.of(), nowMs - lookbackMs, nowMs);
            for (SeriesPoints s : r.series()) {
                if (s.points().isEmpty()) {
                    continue;
                }
                Map<String, String> labels = exportedLabels(metric.name(), s.series().labels());
                for (SeriesSelector sel : selectors) {
                    if (sel.matches(metric.name(), labels)) {
                        out.add(new Exported(PromNames.metricName(metric.name()), labels,
                                s.points().get(s.points().size() - 1)));
                        break;
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Exported::promName).thenComparing(e -> e.labels().toString()));
        return out;
    }

    /** Writes the exposition text: one {@code # TYPE name untyped} line per family, then its samples. */
    public static String format(List<Exported> series) {
        StringBuilder out = new StringBuilder(series.size() * 80);
        String family = null;
        for (Exported e : series) {
            if (!e.promName().equals(family)) {
                family = e.promName();
                out.append("# TYPE ").append(family).append(" untyped\n");
            }
            out.append(e.promName());
            if (!e.labels().isEmpty()) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, String> l : e.labels().entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    out.append(l.getKey()).append("=\"").append(PromNames.escapeLabelValue(l.getValue())).append('"');
                }
                out.append('}');
            }
            out.append(' ').append(PromNames.value(e.point().value())).append(' ').append(e.point().timestampMs())
                    .append('\n');
        }
        return out.toString();
    }

    /** Store labels mapped to Prometheus label names plus the original metric name. */
    static Map<String, String> exportedLabels(String storeName, Map<String, String> storeLabels) {
        Map<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, String> l : storeLabels.entrySet()) {
            labels.put(PromNames.labelName(l.getKey()), l.getValue());
        }
        // The store's own name wins over a user label of the same name: it is what makes the mapping reversible.
        labels.put(PromNames.ORIGINAL_NAME_LABEL, storeName);
        return labels;
    }

    private static boolean couldMatch(List<SeriesSelector> selectors, String storeName) {
        String promName = PromNames.metricName(storeName);
        for (SeriesSelector sel : selectors) {
            String exact = sel.exactName();
            if (exact == null || exact.equals(promName) || exact.equals(storeName)) {
                return true;
            }
        }
        return false;
    }
}
