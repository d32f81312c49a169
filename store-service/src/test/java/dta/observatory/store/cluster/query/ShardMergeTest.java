package dta.observatory.store.cluster.query;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.store.storage.HourRollup;
import dta.observatory.store.storage.LabelSets;
import dta.observatory.store.storage.LastN;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.NoData;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.RangeData;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.SeriesRange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardMergeTest {

    static SeriesKey key(String metric, String region) {
        return SeriesKey.of(metric, Map.of("region", region));
    }

    static SeriesPoints series(SeriesKey k, long... ts) {
        return new SeriesPoints(k, java.util.Arrays.stream(ts).mapToObj(t -> new Point(t, t / 10.0)).toList());
    }

    @Test
    void lastPointsAreCountedOverAllShardsTogether() {
        SeriesKey a = key("m", "a");
        SeriesKey b = key("m", "b");
        SeriesKey c = key("m", "c");
        // Each shard gave its own newest 3; overall newest 3 are 60 (b), 50 (c), 40 (a).
        QueryResult shard0 = QueryResult.of(List.of(series(a, 10, 20, 40)), true);
        QueryResult shard1 = QueryResult.of(List.of(series(b, 30, 60), series(c, 50)), true);

        QueryResult merged = ShardMerge.lastPoints(List.of(shard0, shard1), 3);

        assertThat(merged.noData()).isEqualTo(NoData.NONE);
        assertThat(merged.series()).containsExactly(series(a, 40), series(b, 60), series(c, 50));
        // Same as one engine holding all three series would answer.
        assertThat(merged.series()).containsExactlyInAnyOrderElementsOf(LastN.across(
                List.of(series(a, 10, 20, 40), series(b, 30, 60), series(c, 50)), 3));
    }

    @Test
    void emptyRangeWhenAnyShardKnowsTheMetricUnknownOtherwise() {
        QueryResult unknown = QueryResult.of(List.of(), false);
        QueryResult empty = QueryResult.of(List.of(), true);
        assertThat(ShardMerge.lastPoints(List.of(unknown, empty), 5).noData()).isEqualTo(NoData.EMPTY_RANGE);
        assertThat(ShardMerge.range(List.of(unknown, unknown)).noData()).isEqualTo(NoData.UNKNOWN_METRIC);
        assertThat(ShardMerge.range(List.of()).noData()).isEqualTo(NoData.UNKNOWN_METRIC);
    }

    @Test
    void rangesAreUnionsOrderedByKey() {
        SeriesKey a = key("m", "a");
        SeriesKey b = key("m", "b");
        QueryResult merged = ShardMerge.range(List.of(QueryResult.of(List.of(series(b, 1, 2)), true),
                QueryResult.of(List.of(series(a, 3)), true)));
        assertThat(merged.series()).containsExactly(series(a, 3), series(b, 1, 2));
    }

    @Test
    void detailedRangesKeepRollupsApart() {
        SeriesKey a = key("m", "a");
        SeriesKey b = key("m", "b");
        HourRollup h = new HourRollup(0, 3, 6, 1, 3, 2);
        RangeData merged = ShardMerge.rangeDetailed(List.of(
                new RangeData(List.of(new SeriesRange(b, List.of(new Point(5_000_000, 1)), List.of())), true),
                new RangeData(List.of(new SeriesRange(a, List.of(), List.of(h))), true),
                new RangeData(List.of(), false)));
        assertThat(merged.metricKnown()).isTrue();
        assertThat(merged.series()).extracting(SeriesRange::series).containsExactly(a, b);
        assertThat(merged.series().get(0).hours()).containsExactly(h);
    }

    @Test
    void metricsAddSeriesCountsAndTakeTheNewestPoint() {
        List<MetricSummary> merged = ShardMerge.metrics(List.of(
                List.of(new MetricSummary("a", 2, 100, 1.0), new MetricSummary("b", 1, 0, Double.NaN)),
                List.of(new MetricSummary("a", 3, 200, 2.0), new MetricSummary("c", 1, 50, 5.0)),
                List.of(new MetricSummary("b", 4, 70, 7.0), new MetricSummary("a", 1, 150, 3.0))));
        assertThat(merged).containsExactly(new MetricSummary("a", 6, 200, 2.0), new MetricSummary("b", 5, 70, 7.0),
                new MetricSummary("c", 1, 50, 5.0));
    }

    @Test
    void labelSetsAreSortedUnions() {
        LabelSets s0 = new LabelSets("region");
        s0.add(SeriesKey.of("m", Map.of("region", "west", "host", "h1")));
        LabelSets s1 = new LabelSets("region");
        s1.add(SeriesKey.of("n", Map.of("region", "east", "zone", "z")));
        s1.add(SeriesKey.of("n", Map.of("region", "west")));

        LabelSets merged = ShardMerge.labelSets("region", List.of(s0, s1));

        assertThat(merged.names()).containsExactly("__name__", "host", "region", "zone");
        assertThat(merged.values()).containsExactly("east", "west");
        assertThat(ShardMerge.labelSets(null, List.of(s0, s1)).values()).isEmpty();
    }
}
