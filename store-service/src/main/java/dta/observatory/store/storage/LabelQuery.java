package dta.observatory.store.storage;

import java.util.Map;

/**
 * Which series a label-names or label-values question is about.
 *
 * @param metric   only series of this metric; empty: every metric
 * @param matchers equality matchers on labels, all of which a series must have
 * @param fromMs   only series with a point at or after this instant ({@link Long#MIN_VALUE}: no lower bound)
 * @param toMs     ... and at or before this one ({@link Long#MAX_VALUE}: no upper bound)
 */
public record LabelQuery(String metric, Map<String, String> matchers, long fromMs, long toMs) {

    /** The label that stands for the metric name, as in Prometheus. */
    public static final String NAME_LABEL = "__name__";

    public LabelQuery {
        metric = metric == null ? "" : metric;
        matchers = Map.copyOf(matchers == null ? Map.of() : matchers);
        if (toMs < fromMs) {
            throw new IllegalArgumentException("'to' (" + toMs + ") must not be before 'from' (" + fromMs + ")");
        }
    }

    /** Every series the store knows, whatever its time range. */
    public static LabelQuery all() {
        return new LabelQuery("", Map.of(), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** True when only series with points in a window count (the engine must then look at their data). */
    public boolean timeLimited() {
        return fromMs != Long.MIN_VALUE || toMs != Long.MAX_VALUE;
    }

    /** True when {@code key} has the metric (if one is given) and every matcher. */
    public boolean selects(SeriesKey key) {
        return (metric.isEmpty() || metric.equals(key.metric())) && key.matches(matchers);
    }
}
