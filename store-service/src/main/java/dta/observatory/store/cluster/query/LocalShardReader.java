package dta.observatory.store.cluster.query;

import dta.observatory.store.cluster.ReplicaReadiness;
import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.LabelSets;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.RangeData;
import dta.observatory.store.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This instance's own shard, read from its engine. While the engine has not caught up with its Kafka partitions it
 * counts as a replica that cannot answer, so a twin that has caught up answers instead.
 */
public final class LocalShardReader implements ShardReader {

    private final Storage engine;
    private final ReplicaReadiness readiness;

    public LocalShardReader(Storage engine, ReplicaReadiness readiness) {
        this.engine = engine;
        this.readiness = readiness;
    }

    @Override
    public String name() {
        return "local";
    }

    private void requireReady() {
        if (!readiness.caughtUp()) {
            throw new ShardReadException("local: not ready (still catching up with Kafka)");
        }
    }

    @Override
    public QueryResult lastPoints(String metric, Map<String, String> matchers, int n) {
        requireReady();
        return engine.lastPoints(metric, matchers, n);
    }

    @Override
    public List<QueryResult> lastPointsBatch(List<SliceItem> items) {
        requireReady();
        List<QueryResult> out = new ArrayList<>(items.size());
        for (SliceItem i : items) {
            out.add(engine.lastPoints(i.metric(), i.matchers(), i.n()));
        }
        return out;
    }

    @Override
    public QueryResult range(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        requireReady();
        return engine.range(metric, matchers, fromMs, toMs);
    }

    @Override
    public RangeData rangeDetailed(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        requireReady();
        return engine.rangeDetailed(metric, matchers, fromMs, toMs);
    }

    @Override
    public List<MetricSummary> listMetrics(String prefix) {
        requireReady();
        return engine.listMetrics(prefix);
    }

    @Override
    public LabelSets labelSets(String label, LabelQuery query) {
        requireReady();
        return engine.labelSets(label, query);
    }
}
