package dta.observatory.store.engine;

import static dta.observatory.store.engine.RetentionAndQuotaTest.HOUR;
import static dta.observatory.store.engine.RetentionAndQuotaTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dta.observatory.store.query.Aggregation;
import dta.observatory.store.query.StoreQueries;
import dta.observatory.store.storage.Point;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stepped aggregates over a range that spans hourly roll-ups and raw data, on the real engine. */
class RollupQueriesTest {

    @TempDir
    Path dir;

    @Test
    void steppedAggregatesAreExactAcrossTheRollupBoundaryAndPercentilesRefuseRolledHours() {
        MutableClock clock = new MutableClock(T0);
        StorageOptions options = StorageOptions.defaults().withMaintenanceInterval(Duration.ZERO)
                .withRawRetention(Duration.ofDays(2)).withRollupRetention(Duration.ofDays(10));
        long from = T0 - Duration.ofDays(1).toMillis();
        try (TsdbStorage st = TsdbStorage.open(dir, options, clock)) {
            // one sample a minute, value = (minute index % 1000) / 10: a counter rising 6.0 an hour, reset every
            // 1000 minutes
            RetentionAndQuotaTest.fill(st, from, T0);
            st.maintain();
            clock.advance(Duration.ofHours(36));
            RetentionAndQuotaTest.fill(st, T0, T0 + 6 * HOUR);
            st.maintain();
            assertThat(st.stats().rollups()).isPositive();
            StoreQueries q = new StoreQueries(st);
            long to = T0 + 6 * HOUR - 1;

            List<Point> counts = q.range("latency_ms", Map.of(), from, to, HOUR, Aggregation.COUNT).series().get(0)
                    .points();
            assertThat(counts).hasSize(30).allSatisfy(p -> assertThat(p.value()).isEqualTo(60.0));
            List<Point> avgs = q.range("latency_ms", Map.of(), from, to, HOUR, Aggregation.AVG).series().get(0)
                    .points();
            for (Point p : avgs) {
                double sum = 0;
                for (long t = p.timestampMs(); t < p.timestampMs() + HOUR; t += 60_000) {
                    sum += RetentionAndQuotaTest.value(t);
                }
                assertThat(p.value()).as("hour %d", p.timestampMs()).isCloseTo(sum / 60, within(1e-9));
            }

            List<Point> rates = q.range("latency_ms", Map.of(), from, to, HOUR, Aggregation.RATE).series().get(0)
                    .points();
            long steady = rates.stream().filter(p -> Math.abs(p.value() - 6.0 / 3600) < 6.0 / 3600 * 0.02).count();
            // the first rolled hour has nothing before it; an hour with a reset is not steady
            assertThat(rates).hasSize(29);
            assertThat(steady).as("rates %s", rates).isGreaterThanOrEqualTo(27);

            long rawFrom = clock.millis() - Duration.ofDays(2).toMillis();
            assertThatThrownBy(() -> q.range("latency_ms", Map.of(), from, to, HOUR, Aggregation.P90))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("p90 is computed from raw samples only, but this range reaches hours "
                            + "kept only as hourly roll-ups (count, sum, min, max, last) until ")
                    .hasMessageContaining("start the range at or after");
            long rawStart = Math.floorDiv(rawFrom, 2 * HOUR) * 2 * HOUR + 2 * HOUR;
            assertThat(q.range("latency_ms", Map.of(), rawStart, to, HOUR, Aggregation.P90).series().get(0).points())
                    .as("a range of raw hours only is answered").isNotEmpty();
        }
    }
}
