package dta.observatory.watcher.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.watcher.rules.AutoWatch;
import dta.observatory.watcher.rules.Seasonality;
import dta.observatory.watcher.rules.SeasonalSample;
import dta.observatory.watcher.rules.WatchRule;
import dta.observatory.watcher.rules.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seasonal history cache against a fake store holding one point a second for four days. */
class SeasonalHistoryTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long NOW = 1_800_000_000_000L;

    private final List<String> calls = new ArrayList<>();
    private boolean storeDown;

    /** Two series (host a: value 1, host b: value 2), a point every second from NOW - 5 days to NOW + 12 h. */
    private final RangeSource store = (metric, matchers, from, to) -> {
        calls.add(metric + "[" + (from - NOW) / 1000 + "s.." + (to - NOW) / 1000 + "s]");
        if (storeDown) {
            throw new IllegalStateException("UNAVAILABLE: store down");
        }
        List<SliceSource.SeriesWindow> series = new ArrayList<>();
        for (String host : List.of("a", "b")) {
            long first = Math.max(from, NOW - 5 * DAY);
            long last = Math.min(to, NOW + DAY / 2);
            int n = (int) Math.max(0, (last - first) / 1000 + 1);
            double[] v = new double[n];
            long[] ts = new long[n];
            for (int i = 0; i < n; i++) {
                ts[i] = first + i * 1000L;
                v[i] = host.equals("a") ? 1 : 2;
            }
            series.add(new SliceSource.SeriesWindow(Map.of("host", host), new Window(v, ts, null)));
        }
        return new SliceSource.Result(series, null);
    };

    private static WatchRule rule(boolean perSeries) {
        return new WatchRule("seasonal", WatchRule.Type.AUTO, "traffic", Map.of(), 100, Duration.ZERO, null, null, 0,
                new AutoWatch(2.5, null, null, 30, List.of(Seasonality.DAILY)), Duration.ZERO, Duration.ZERO, null,
                null, null, null, null, perSeries, false);
    }

    /** A recent window of 100 points a second apart, the newest at {@code atMs}. */
    private static Window recent(long atMs) {
        double[] v = new double[100];
        long[] ts = new long[100];
        for (int i = 0; i < 100; i++) {
            ts[i] = atMs - (99 - i) * 1000L;
        }
        return new Window(v, ts, null);
    }

    @Test
    void readsEachPastPeriodOncePerBucketNotOncePerCycle() {
        SeasonalHistory history = new SeasonalHistory(store, Duration.ofMinutes(10), 200);
        WatchRule rule = rule(false);
        SeasonalSample first = null;
        int cycles = 0;
        for (long now = NOW + 2 * DAY; now < NOW + 2 * DAY + Duration.ofMinutes(30).toMillis(); now += 2_000) {
            history.startCycle(now);
            SeasonalSample s = history.sample(rule, null, recent(now), now);
            first = first == null ? s : first;
            cycles++;
        }
        assertThat(cycles).isEqualTo(900);
        // Three offsets (1d, 2d, 3d), one read each per 10 minutes: 3 at the start, then about 3 per bucket.
        assertThat(history.rangeCalls()).as(calls.toString()).isBetween(9L, 12L);
        assertThat(history.cached()).isEqualTo(3);
        // 1d back has no data yet (the fake store ends at NOW + 12 h); 2d and 3d back hold the 99 s around the
        // instant (the recent window's span, centred), for both series.
        assertThat(first.values()).hasSize(2 * 2 * 99);
        assertThat(first.note()).isEmpty();
    }

    @Test
    void perSeriesRulesGetTheirOwnSeriesAndShareTheRangeCalls() {
        SeasonalHistory history = new SeasonalHistory(store, Duration.ofMinutes(10), 200);
        long now = NOW + 2 * DAY;
        history.startCycle(now);
        SeasonalSample a = history.sample(rule(true), Map.of("host", "a"), recent(now), now);
        SeasonalSample b = history.sample(rule(true), Map.of("host", "b"), recent(now), now);
        assertThat(a.values()).hasSize(2 * 99).containsOnly(1.0);
        assertThat(b.values()).hasSize(2 * 99).containsOnly(2.0);
        assertThat(history.rangeCalls()).as("both series come from the same three reads").isEqualTo(3);
    }

    @Test
    void aCycleMakesAtMostItsBudgetOfRangeCallsAndTheRestWait() {
        SeasonalHistory history = new SeasonalHistory(store, Duration.ofMinutes(10), 2);
        long now = NOW + 2 * DAY;
        history.startCycle(now);
        SeasonalSample s = history.sample(rule(false), null, recent(now), now);
        assertThat(history.rangeCalls()).isEqualTo(2);
        assertThat(s.note()).isEqualTo("seasonal history loading");

        history.startCycle(now + 2_000);
        s = history.sample(rule(false), null, recent(now + 2_000), now + 2_000);
        assertThat(history.rangeCalls()).isEqualTo(3);
        assertThat(s.note()).isEmpty();
    }

    @Test
    void aFailedReadIsSaidAndTriedAgainNextCycle() {
        SeasonalHistory history = new SeasonalHistory(store, Duration.ofMinutes(10), 200);
        long now = NOW + 2 * DAY;
        storeDown = true;
        history.startCycle(now);
        SeasonalSample s = history.sample(rule(false), null, recent(now), now);
        assertThat(s.note()).isEqualTo("seasonal history unavailable: UNAVAILABLE: store down");
        assertThat(s.values()).isEmpty();

        storeDown = false;
        history.startCycle(now + 2_000);
        assertThat(history.sample(rule(false), null, recent(now + 2_000), now + 2_000).values()).isNotEmpty();
        assertThat(history.cached()).isEqualTo(3);
    }

    @Test
    void spansNoRuleUsesAnyMoreAreDropped() {
        SeasonalHistory history = new SeasonalHistory(store, Duration.ofMinutes(10), 200);
        long now = NOW + 2 * DAY;
        history.startCycle(now);
        history.sample(rule(false), null, recent(now), now);
        assertThat(history.cached()).isEqualTo(3);
        history.startCycle(now + Duration.ofMinutes(21).toMillis());
        assertThat(history.cached()).isZero();
    }
}
