package dta.observatory.store.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.store.engine.retention.Rollups;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.StoredSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionAndQuotaTest {

    static final long HOUR = 3_600_000L;
    static final long T0 = 1_790_000_000_000L - (1_790_000_000_000L % HOUR);
    /** Start of three 2-hour block windows ending before T0. */
    static final long BASE = Math.floorDiv(T0 - 7 * HOUR, 2 * HOUR) * 2 * HOUR;
    static final SeriesKey LAT = SeriesKey.of("latency_ms", Map.of("svc", "api"));

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);

    StorageOptions options() {
        return StorageOptions.defaults().withMaintenanceInterval(Duration.ZERO)
                .withRawRetention(Duration.ofDays(2)).withRollupRetention(Duration.ofDays(10));
    }

    /** One sample a minute over {@code [from, to)}; value = minute index / 10 (one decimal). */
    static void fill(TsdbStorage st, long from, long to) {
        List<StoredSample> batch = new ArrayList<>();
        for (long t = from; t < to; t += 60_000) {
            batch.add(new StoredSample(LAT, t, value(t)));
        }
        assertThat(st.append(batch).rejections()).isEmpty();
    }

    /** Noisy two-decimal gauges for 20 series, one sample a minute: raw blocks much larger than roll-ups. */
    static void fillNoisy(TsdbStorage st, long from, long to) {
        java.util.Random rnd = new java.util.Random(from);
        List<StoredSample> batch = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            SeriesKey key = SeriesKey.of("latency_ms", Map.of("svc", "s" + s));
            for (long t = from; t < to; t += 60_000) {
                batch.add(new StoredSample(key, t, Math.round(rnd.nextDouble() * 100_000) / 100.0));
            }
        }
        assertThat(st.append(batch).rejections()).isEmpty();
    }

    static double value(long t) {
        return ((t / 60_000) % 1000) / 10.0;
    }

    @Test
    void oldRawDataBecomesHourlyRollupsAndQueriesSpanBoth() {
        long from = T0 - Duration.ofDays(1).toMillis();
        try (TsdbStorage st = TsdbStorage.open(dir, options(), clock)) {
            fill(st, from, T0);
            st.maintain();
            assertThat(st.stats().blocks()).isGreaterThan(0);

            // 1.5 days later the first ~12 hours are older than the 2-day raw retention
            clock.advance(Duration.ofHours(36));
            fill(st, T0, T0 + 6 * HOUR);
            st.maintain();
            assertThat(st.stats().rollups()).isGreaterThan(0);
            long rawLimit = clock.millis() - Duration.ofDays(2).toMillis();

            List<Point> points = st.range("latency_ms", Map.of(), from, T0 + 6 * HOUR).series().get(0).points();
            // rolled hours: one point per hour at its start with the hour's average
            Point first = points.get(0);
            assertThat(first.timestampMs()).isEqualTo(from);
            double sum = 0;
            for (long t = from; t < from + HOUR; t += 60_000) {
                sum += value(t);
            }
            assertThat(first.value()).isCloseTo(sum / 60, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(points.get(1).timestampMs()).isEqualTo(from + HOUR);
            // raw minutes after the boundary, up to the newest sample
            assertThat(points.get(points.size() - 1)).isEqualTo(new Point(T0 + 6 * HOUR - 60_000,
                    value(T0 + 6 * HOUR - 60_000)));
            assertThat(points).anySatisfy(p -> assertThat(p.timestampMs() % HOUR).isNotZero());

            Rollups.Rows rows = st.rollupRange("latency_ms", Map.of(), from, T0).get(LAT);
            assertThat(rows.hours()[0]).isEqualTo(from);
            assertThat(rows.columns()[Rollups.COUNT][0]).isEqualTo(60);
            assertThat(rows.columns()[Rollups.SUM][0]).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(rows.columns()[Rollups.LAST][0]).isEqualTo(value(from + HOUR - 60_000));
            assertThat(rows.hours()[rows.n() - 1]).isLessThan(rawLimit);

            // past the 10-day roll-up retention everything old is gone
            clock.advance(Duration.ofDays(11));
            st.maintain();
            assertThat(st.stats().rollups()).isZero();
            assertThat(st.stats().blocks()).isZero();
        }
    }

    @Test
    void quotaWarnsThenPrunesOldestRawBlocksBeforeRollups() {
        List<String> events = new ArrayList<>();
        StorageListener listener = new StorageListener() {
            @Override
            public void diskUsageHigh(long used, long max) {
                events.add("high");
            }

            @Override
            public void pruned(Path file, String reason) {
                events.add(file.getFileName().toString().substring(0, 1) + ":" + reason);
            }
        };
        long diskBefore;
        long firstBlock;
        try (TsdbStorage st = TsdbStorage.open(dir, options(), clock)) {
            for (int k = 0; k < 3; k++) {
                fillNoisy(st, BASE + k * 2 * HOUR, BASE + (k + 1) * 2 * HOUR);
                st.flush();
            }
            assertThat(st.stats().blocks()).isEqualTo(3);
            diskBefore = st.diskBytes();
            firstBlock = st.blockBytes() / 3;
        }
        try (TsdbStorage st = TsdbStorage.open(dir, options().withMaxDiskBytes(diskBefore - firstBlock / 4),
                clock, listener)) {
            st.maintain();
            assertThat(events).containsExactly("high", "b:disk quota");
            assertThat(st.stats().blocks()).isEqualTo(2);
            assertThat(st.stats().rollups()).isEqualTo(1);
            // the pruned hours are still answered, from the roll-up
            assertThat(st.range("latency_ms", Map.of("svc", "s3"), BASE, BASE + 2 * HOUR - 1).series().get(0)
                    .points()).extracting(Point::timestampMs).containsExactly(BASE, BASE + HOUR);
        }
        events.clear();
        try (TsdbStorage st = TsdbStorage.open(dir, options().withMaxDiskBytes(100), clock, listener)) {
            st.maintain();
            assertThat(events).containsExactly("high", "b:disk quota", "b:disk quota", "r:disk quota",
                    "r:disk quota", "r:disk quota");
            assertThat(st.stats().blocks()).isZero();
            assertThat(st.stats().rollups()).isZero();
        }
    }
}
