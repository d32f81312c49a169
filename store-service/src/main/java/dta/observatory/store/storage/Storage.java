package dta.observatory.store.storage;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The storage engine behind the store service. Implementations are plain Java (no framework) and thread-safe.
 *
 * <p>Contract: when {@link #append} returns, the accepted samples are readable and as durable as the implementation
 * promises (the in-memory ring buffer promises nothing across restarts; a durable engine fsyncs first).
 */
public interface Storage extends Closeable {

    /** Stores a batch; refused samples are reported by index, the others stored. */
    AppendOutcome append(List<StoredSample> samples);

    /**
     * The last {@code n} points over all series of {@code metric} that match {@code matchers}, counted together
     * (the seed's "last N values"), returned per series in ascending time order.
     */
    QueryResult lastPoints(String metric, Map<String, String> matchers, int n);

    /** Raw points with {@code fromMs <= t <= toMs} of every matching series. */
    QueryResult range(String metric, Map<String, String> matchers, long fromMs, long toMs);

    /**
     * Like {@link #range}, but rolled hours come separately as {@link HourRollup}s (count, sum, min, max, last)
     * instead of one averaged point per hour, so that stepped aggregates can be exact across the roll-up boundary.
     * The default suits an engine without roll-ups: every point is raw.
     */
    default RangeData rangeDetailed(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        QueryResult r = range(metric, matchers, fromMs, toMs);
        List<SeriesRange> out = new ArrayList<>(r.series().size());
        for (SeriesPoints s : r.series()) {
            out.add(new SeriesRange(s.series(), s.points(), List.of()));
        }
        return new RangeData(out, r.noData() != NoData.UNKNOWN_METRIC);
    }

    /** Metric names starting with {@code prefix} (empty: all), sorted by name. */
    List<MetricSummary> listMetrics(String prefix);

    /**
     * The label names, and the values of {@code label} (null: names only), of the series {@code query} selects; each
     * engine finds the series its own way, {@link LabelSets} answers for all.
     */
    LabelSets labelSets(String label, LabelQuery query);

    /** Label names of the series {@code query} selects (with {@code __name__}), sorted. */
    default List<String> labelNames(LabelQuery query) {
        return labelSets(null, query).names();
    }

    /** Values of {@code label} among the series {@code query} selects ({@code __name__}: metric names), sorted. */
    default List<String> labelValues(String label, LabelQuery query) {
        return labelSets(label, query).values();
    }

    /**
     * This storage limited to where the one series {@code metric} + {@code labels} (its complete label set) lives. A
     * single engine holds every series and returns itself; a clustered store returns a view that asks only that
     * series' shard (series with more labels than {@code labels}, living elsewhere, are then not seen).
     */
    default Storage forSeries(String metric, Map<String, String> labels) {
        return this;
    }

    @Override
    void close();
}
