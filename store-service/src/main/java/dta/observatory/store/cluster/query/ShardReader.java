package dta.observatory.store.cluster.query;

import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.LabelSets;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.RangeData;
import java.util.List;
import java.util.Map;

/**
 * One replica of one shard, read as a whole: the local engine, or a peer over {@code ShardReadService}. A replica
 * that cannot answer (down, too slow, not caught up) throws {@link ShardReadException}, and the reader tries the
 * twin; {@link IllegalArgumentException} means the question itself is bad and is not retried elsewhere.
 */
public interface ShardReader extends AutoCloseable {

    /** Who this replica is, for warnings: its address, or "local". */
    String name();

    QueryResult lastPoints(String metric, Map<String, String> matchers, int n);

    /** Several {@link #lastPoints} at once, answered in order. */
    List<QueryResult> lastPointsBatch(List<SliceItem> items);

    QueryResult range(String metric, Map<String, String> matchers, long fromMs, long toMs);

    RangeData rangeDetailed(String metric, Map<String, String> matchers, long fromMs, long toMs);

    List<MetricSummary> listMetrics(String prefix);

    /** Label names, and the values of {@code label} (null: names only), sorted. */
    LabelSets labelSets(String label, LabelQuery query);

    @Override
    default void close() {
    }

    /** One slice of a batch. */
    record SliceItem(String metric, Map<String, String> matchers, int n) {
        public SliceItem {
            matchers = Map.copyOf(matchers);
        }
    }
}
