package dta.observatory.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.RingBufferStorage;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.StoredSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreQueriesTest {

    private final RingBufferStorage storage = new RingBufferStorage(100);
    private final StoreQueries queries = new StoreQueries(storage);

    @Test
    void validatesSliceAndRangeParametersWithMessagesNamingThem() {
        assertThatThrownBy(() -> queries.slice("", Map.of(), 5)).hasMessage("metric is required");
        assertThatThrownBy(() -> queries.slice("m", Map.of(), 0)).hasMessage("n must be between 1 and 10000, got 0");
        assertThatThrownBy(() -> queries.range("m", Map.of(), 10, 5, 0, null))
                .hasMessage("'to' (5) must not be before 'from' (10)");
        assertThatThrownBy(() -> queries.range("m", Map.of(), 0, 10, 5, null)).hasMessageContaining("needs an aggregate");
        assertThatThrownBy(() -> queries.range("m", Map.of(), 0, 100_000_000, 1, Aggregation.AVG))
                .hasMessageContaining("use a larger step");
    }

    @Test
    void steppedRangeAggregatesEachSeries() {
        SeriesKey key = SeriesKey.of("m", Map.of());
        storage.append(List.of(new StoredSample(key, 0, 1), new StoredSample(key, 30_000, 3),
                new StoredSample(key, 60_000, 10)));
        assertThat(queries.range("m", Map.of(), 0, 119_999, 60_000, Aggregation.AVG).series().get(0).points())
                .containsExactly(new Point(0, 2), new Point(60_000, 10));
    }

    @Test
    void parsesTimesAndDurationsAsUsersWriteThem() {
        assertThat(QueryParams.instantMs("from", "2026-11-25T00:00:00Z", 0)).isEqualTo(1795564800000L);
        assertThat(QueryParams.instantMs("from", "123", 0)).isEqualTo(123);
        assertThat(QueryParams.instantMs("from", "", 42)).isEqualTo(42);
        assertThat(QueryParams.durationMs("step", "5m")).isEqualTo(300_000);
        assertThat(QueryParams.durationMs("step", "250ms")).isEqualTo(250);
        assertThatThrownBy(() -> QueryParams.instantMs("to", "yesterday", 0)).hasMessageContaining("'to' must be");
        assertThatThrownBy(() -> QueryParams.matchers(List.of("novalue"))).hasMessageContaining("name=value");
    }
}
