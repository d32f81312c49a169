package dta.observatory.store.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RingBufferStorageTest {

    private final RingBufferStorage storage = new RingBufferStorage(10_000);

    private static StoredSample sample(String metric, Map<String, String> labels, long t, double v) {
        return new StoredSample(SeriesKey.of(metric, labels), t, v);
    }

    @Test
    void keepsTheSeedsTenThousandPointsPerSeries() {
        List<StoredSample> batch = new ArrayList<>();
        for (int i = 0; i < 10_050; i++) {
            batch.add(sample("permit.pay.ok", Map.of(), i, i));
        }
        storage.append(batch);
        QueryResult all = storage.lastPoints("permit.pay.ok", Map.of(), 10_000);
        assertThat(all.series().get(0).points()).hasSize(10_000);
        assertThat(all.series().get(0).points().get(0).timestampMs()).isEqualTo(50);
    }

    @Test
    void sliceCountsTheLastNValuesOverAllMatchingSeriesTogether() {
        storage.append(List.of(
                sample("svc.latency_ms", Map.of("region", "east"), 1, 10),
                sample("svc.latency_ms", Map.of("region", "west"), 2, 20),
                sample("svc.latency_ms", Map.of("region", "east"), 3, 30),
                sample("svc.latency_ms", Map.of("region", "west"), 4, 40)));

        QueryResult last3 = storage.lastPoints("svc.latency_ms", Map.of(), 3);
        assertThat(last3.series()).flatExtracting(SeriesPoints::points).extracting(Point::value)
                .containsExactlyInAnyOrder(20.0, 30.0, 40.0);

        QueryResult east = storage.lastPoints("svc.latency_ms", Map.of("region", "east"), 10);
        assertThat(east.series()).hasSize(1);
        assertThat(east.series().get(0).points()).extracting(Point::value).containsExactly(10.0, 30.0);
    }

    @Test
    void saysWhetherAMetricIsUnknownOrJustEmptyInTheWindow() {
        storage.append(List.of(sample("known", Map.of(), 1_000, 1)));
        assertThat(storage.lastPoints("unknown", Map.of(), 5).noData()).isEqualTo(NoData.UNKNOWN_METRIC);
        assertThat(storage.range("known", Map.of(), 5_000, 6_000).noData()).isEqualTo(NoData.EMPTY_RANGE);
        assertThat(storage.range("known", Map.of(), 0, 6_000).noData()).isEqualTo(NoData.NONE);
        assertThat(storage.lastPoints("known", Map.of("no", "match"), 5).noData()).isEqualTo(NoData.UNKNOWN_METRIC);
    }

    @Test
    void listsMetricsWithSeriesCountAndNewestPoint() {
        storage.append(List.of(
                sample("b.metric", Map.of("a", "1"), 5, 50),
                sample("b.metric", Map.of("a", "2"), 7, 70),
                sample("a.metric", Map.of(), 1, 1)));
        assertThat(storage.listMetrics("")).containsExactly(
                new MetricSummary("a.metric", 1, 1, 1),
                new MetricSummary("b.metric", 2, 7, 70));
        assertThat(storage.listMetrics("b.")).extracting(MetricSummary::name).containsExactly("b.metric");
    }
}
