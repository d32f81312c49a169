package dta.observatory.store.cluster.query;

import dta.observatory.api.v1.MetricInfo;
import dta.observatory.api.v1.Series;
import dta.observatory.api.v1.ShardLastPointsResponse;
import dta.observatory.api.v1.ShardRangeResponse;
import dta.observatory.api.v1.ShardSeries;
import dta.observatory.store.storage.HourRollup;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.NoData;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.RangeData;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.SeriesRange;
import java.util.ArrayList;
import java.util.List;

/** Storage records to and from the ShardReadService wire messages, both ways exactly (timestamps, roll-ups). */
final class ShardProto {

    private ShardProto() {
    }

    static ShardLastPointsResponse lastPoints(QueryResult r) {
        ShardLastPointsResponse.Builder b = ShardLastPointsResponse.newBuilder()
                .setMetricKnown(r.noData() != NoData.UNKNOWN_METRIC);
        for (SeriesPoints s : r.series()) {
            Series.Builder sb = b.addSeriesBuilder().setMetric(s.series().metric()).putAllLabels(s.series().labels());
            for (Point p : s.points()) {
                sb.addPointsBuilder().setTimestampMs(p.timestampMs()).setValue(p.value());
            }
        }
        return b.build();
    }

    static QueryResult lastPoints(ShardLastPointsResponse r) {
        List<SeriesPoints> series = new ArrayList<>(r.getSeriesCount());
        for (Series s : r.getSeriesList()) {
            series.add(new SeriesPoints(SeriesKey.of(s.getMetric(), s.getLabelsMap()), points(s.getPointsList())));
        }
        return QueryResult.of(series, r.getMetricKnown());
    }

    /** A raw range: points only. */
    static ShardRangeResponse range(QueryResult r) {
        ShardRangeResponse.Builder b = ShardRangeResponse.newBuilder().setMetricKnown(r.noData() != NoData.UNKNOWN_METRIC);
        for (SeriesPoints s : r.series()) {
            ShardSeries.Builder sb = b.addSeriesBuilder().setMetric(s.series().metric())
                    .putAllLabels(s.series().labels());
            for (Point p : s.points()) {
                sb.addRawBuilder().setTimestampMs(p.timestampMs()).setValue(p.value());
            }
        }
        return b.build();
    }

    static QueryResult range(ShardRangeResponse r) {
        List<SeriesPoints> series = new ArrayList<>(r.getSeriesCount());
        for (ShardSeries s : r.getSeriesList()) {
            series.add(new SeriesPoints(SeriesKey.of(s.getMetric(), s.getLabelsMap()), points(s.getRawList())));
        }
        return QueryResult.of(series, r.getMetricKnown());
    }

    static ShardRangeResponse rangeDetailed(RangeData r) {
        ShardRangeResponse.Builder b = ShardRangeResponse.newBuilder().setMetricKnown(r.metricKnown());
        for (SeriesRange s : r.series()) {
            ShardSeries.Builder sb = b.addSeriesBuilder().setMetric(s.series().metric())
                    .putAllLabels(s.series().labels());
            for (Point p : s.raw()) {
                sb.addRawBuilder().setTimestampMs(p.timestampMs()).setValue(p.value());
            }
            for (HourRollup h : s.hours()) {
                sb.addHoursBuilder().setHourMs(h.hourMs()).setCount(h.count()).setSum(h.sum()).setMin(h.min())
                        .setMax(h.max()).setLast(h.last());
            }
        }
        return b.build();
    }

    static RangeData rangeDetailed(ShardRangeResponse r) {
        List<SeriesRange> series = new ArrayList<>(r.getSeriesCount());
        for (ShardSeries s : r.getSeriesList()) {
            List<HourRollup> hours = new ArrayList<>(s.getHoursCount());
            for (dta.observatory.api.v1.HourRollup h : s.getHoursList()) {
                hours.add(new HourRollup(h.getHourMs(), h.getCount(), h.getSum(), h.getMin(), h.getMax(),
                        h.getLast()));
            }
            series.add(new SeriesRange(SeriesKey.of(s.getMetric(), s.getLabelsMap()), points(s.getRawList()), hours));
        }
        return new RangeData(series, r.getMetricKnown());
    }

    static MetricInfo metric(MetricSummary m) {
        return MetricInfo.newBuilder().setName(m.name()).setSeriesCount(m.seriesCount())
                .setLastTimestampMs(m.lastTimestampMs()).setLastValue(m.lastValue()).build();
    }

    static MetricSummary metric(MetricInfo m) {
        return new MetricSummary(m.getName(), m.getSeriesCount(), m.getLastTimestampMs(), m.getLastValue());
    }

    private static List<Point> points(List<dta.observatory.api.v1.Point> wire) {
        List<Point> out = new ArrayList<>(wire.size());
        for (dta.observatory.api.v1.Point p : wire) {
            out.add(new Point(p.getTimestampMs(), p.getValue()));
        }
        return out;
    }
}
