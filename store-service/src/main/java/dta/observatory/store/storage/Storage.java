package dta.observatory.store.storage;

import java.io.Closeable;
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

    /** Metric names starting with {@code prefix} (empty: all), sorted by name. */
    List<MetricSummary> listMetrics(String prefix);

    @Override
    void close();
}
