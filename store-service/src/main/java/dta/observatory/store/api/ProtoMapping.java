package dta.observatory.store.api;

import dta.observatory.api.v1.MetricInfo;
import dta.observatory.api.v1.Partial;
import dta.observatory.store.cluster.query.MissingShard;
import dta.observatory.api.v1.NoDataReason;
import dta.observatory.api.v1.Rejection;
import dta.observatory.api.v1.RejectReason;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.Series;
import dta.observatory.store.query.Aggregation;
import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.NoData;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.SampleRejection;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.StoredSample;
import java.util.ArrayList;
import java.util.List;

/** Translates between the dta.v1 wire messages and the storage engine's records. */
public final class ProtoMapping {

    private ProtoMapping() {
    }

    /**
     * The batch as storage records. A sample without a metric name makes the whole batch invalid
     * (IllegalArgumentException): it names no series and could never be read back.
     */
    public static List<StoredSample> samples(List<Sample> samples, long nowMs) {
        List<StoredSample> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (s.getMetric().isEmpty()) {
                throw new IllegalArgumentException("sample " + i + ": metric name is empty");
            }
            long ts = s.getTimestampMs() == 0 ? nowMs : s.getTimestampMs();
            out.add(new StoredSample(SeriesKey.of(s.getMetric(), s.getLabelsMap()), ts, s.getValue()));
        }
        return out;
    }

    static Rejection rejection(SampleRejection r) {
        RejectReason reason = switch (r.reason()) {
            case OUT_OF_ORDER -> RejectReason.REJECT_REASON_OUT_OF_ORDER;
            case TIMESTAMP_OUT_OF_BOUNDS -> RejectReason.REJECT_REASON_TIMESTAMP_OUT_OF_BOUNDS;
        };
        return Rejection.newBuilder().setIndex(r.index()).setReason(reason).setMessage(r.message()).build();
    }

    static List<Series> series(List<SeriesPoints> found) {
        List<Series> out = new ArrayList<>(found.size());
        for (SeriesPoints s : found) {
            Series.Builder b = Series.newBuilder().setMetric(s.series().metric()).putAllLabels(s.series().labels());
            for (Point p : s.points()) {
                b.addPointsBuilder().setTimestampMs(p.timestampMs()).setValue(p.value());
            }
            out.add(b.build());
        }
        return out;
    }

    /** Keeps only the points at or after {@code sinceMs}; a metric with nothing left answers EMPTY_RANGE. */
    static dta.observatory.store.storage.QueryResult since(dta.observatory.store.storage.QueryResult result,
            long sinceMs) {
        if (result.noData() != NoData.NONE) {
            return result;
        }
        List<SeriesPoints> kept = new ArrayList<>(result.series().size());
        for (SeriesPoints s : result.series()) {
            List<Point> points = s.points();
            int first = 0;
            while (first < points.size() && points.get(first).timestampMs() < sinceMs) {
                first++; // points are in ascending time order
            }
            kept.add(first == 0 ? s : new SeriesPoints(s.series(), points.subList(first, points.size())));
        }
        return dta.observatory.store.storage.QueryResult.of(kept, true);
    }

    /** The shards an answer lacks, with one warning line each. */
    static Partial partial(List<MissingShard> missing) {
        Partial.Builder b = Partial.newBuilder();
        missing.forEach(m -> b.addMissingShards(m.shard()).addWarnings(m.message()));
        return b.build();
    }

    static NoDataReason noData(NoData noData) {
        return switch (noData) {
            case NONE -> NoDataReason.NO_DATA_REASON_UNSPECIFIED;
            case UNKNOWN_METRIC -> NoDataReason.NO_DATA_REASON_UNKNOWN_METRIC;
            case EMPTY_RANGE -> NoDataReason.NO_DATA_REASON_EMPTY_RANGE;
        };
    }

    static MetricInfo metricInfo(MetricSummary m) {
        return MetricInfo.newBuilder().setName(m.name()).setSeriesCount(m.seriesCount())
                .setLastTimestampMs(m.lastTimestampMs()).setLastValue(m.lastValue()).build();
    }

    /** A label question from the wire: from_ms / to_ms 0 mean "no bound". */
    static LabelQuery labelQuery(String metric, java.util.Map<String, String> matchers, long fromMs, long toMs) {
        return new LabelQuery(metric, matchers, fromMs == 0 ? Long.MIN_VALUE : fromMs,
                toMs == 0 ? Long.MAX_VALUE : toMs);
    }

    /** Null for UNSPECIFIED: the query layer decides whether an aggregate is needed. */
    static Aggregation aggregation(dta.observatory.api.v1.Aggregate aggregate) {
        return switch (aggregate) {
            case AGGREGATE_AVG -> Aggregation.AVG;
            case AGGREGATE_MIN -> Aggregation.MIN;
            case AGGREGATE_MAX -> Aggregation.MAX;
            case AGGREGATE_SUM -> Aggregation.SUM;
            case AGGREGATE_COUNT -> Aggregation.COUNT;
            case AGGREGATE_LAST -> Aggregation.LAST;
            case AGGREGATE_RATE -> Aggregation.RATE;
            case AGGREGATE_P50 -> Aggregation.P50;
            case AGGREGATE_P90 -> Aggregation.P90;
            case AGGREGATE_P99 -> Aggregation.P99;
            case AGGREGATE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }
}
