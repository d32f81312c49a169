package dta.observatory.watcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The AutoWatcher's seasonal baseline on a synthetic daily traffic curve: one point a minute for four days,
 * quiet at night (100), rising each morning around 08:00 to a daytime plateau (500), falling around 20:00, with
 * Gaussian noise (sigma 5, fixed seed). The past windows are cut with {@link Seasonality#pastWindows} as the
 * service cuts them out of the store's Range answers.
 */
class SeasonalAutoWatchTest {

    private static final long MINUTE = 60_000;
    private static final int DAY = 1440;
    private static final int WINDOW = 60;
    private static final long START = 1_800_000_000_000L - 1_800_000_000_000L % (DAY * MINUTE);

    private static final AutoWatch ROLLING = new AutoWatch(2.5, AutoWatch.Method.MAD, AutoWatch.Direction.BOTH, 30);
    private static final AutoWatch SEASONAL = new AutoWatch(2.5, AutoWatch.Method.MAD, AutoWatch.Direction.BOTH, 30,
            List.of(Seasonality.DAILY));

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The traffic curve at minute {@code i}, with noise. */
    private static double[] traffic(int days, long seed) {
        Random r = new Random(seed);
        double[] v = new double[days * DAY];
        for (int i = 0; i < v.length; i++) {
            double hour = (i % DAY) / 60.0;
            v[i] = 100 + 400 * (sigmoid((hour - 8) / 0.4) - sigmoid((hour - 20) / 0.4)) + 5 * r.nextGaussian();
        }
        return v;
    }

    private static long ts(int i) {
        return START + i * MINUTE;
    }

    /** The recent window ending at point i (the WINDOW points before it and itself). */
    private static double[] recent(double[] series, int i) {
        return Arrays.copyOfRange(series, Math.max(0, i - WINDOW), i + 1);
    }

    /** What the store holds around the same minute one, two, three days earlier (the window's length, centred). */
    private static SeasonalSample past(double[] series, int i) {
        long half = WINDOW * MINUTE / 2;
        double[] pooled = new double[0];
        for (Seasonality.PastWindow w : Seasonality.pastWindows(List.of(Seasonality.DAILY), ts(i), half)) {
            for (int j = 0; j < i; j++) {
                if (ts(j) >= w.fromMs() && ts(j) <= w.toMs()) {
                    pooled = Arrays.copyOf(pooled, pooled.length + 1);
                    pooled[pooled.length - 1] = series[j];
                }
            }
        }
        return new SeasonalSample(pooled, List.of(Seasonality.DAILY), "");
    }

    private static int alarms(AutoWatch w, double[] series, int from, int to, boolean seasonal) {
        int n = 0;
        for (int i = from; i < to; i++) {
            AutoWatch.Score s = seasonal ? w.score(recent(series, i), past(series, i)) : w.score(recent(series, i));
            n += s != null && s.anomaly() ? 1 : 0;
        }
        return n;
    }

    @Test
    void theMorningRiseFiresTheRollingBaselineButNotTheSeasonalOne() {
        double[] series = traffic(4, 11);
        int day4 = 3 * DAY;
        int rise = day4 + 7 * 60;      // 07:00 to 09:00 of the fourth day
        int risen = day4 + 9 * 60;

        int rolling = alarms(ROLLING, series, rise, risen, false);
        int seasonal = alarms(SEASONAL, series, rise, risen, true);

        assertThat(rolling).as("the rolling baseline has learnt the quiet night: the rise looks like an incident")
                .isGreaterThan(20);
        assertThat(seasonal).as("the same rise happened at the same time on the days before").isZero();
        AutoWatch.Score s = SEASONAL.score(recent(series, day4 + 8 * 60), past(series, day4 + 8 * 60));
        assertThat(s.baselineKind()).isEqualTo("seasonal(1d)");
        assertThat(s.baseline()).as("the baseline follows yesterday's curve at 08:00").isBetween(250.0, 350.0);
    }

    @Test
    void aRealAnomalyOnTopOfThePatternIsCaughtAndNamed() {
        double[] series = traffic(4, 12);
        int noon = 3 * DAY + 12 * 60;
        series[noon] += 150; // 30 sigma above the daytime plateau

        AutoWatch.Score s = SEASONAL.score(recent(series, noon), past(series, noon));

        assertThat(s.anomaly()).isTrue();
        assertThat(s.baselineKind()).isEqualTo("seasonal(1d)");
        assertThat(s.value()).isEqualTo(series[noon]);
        assertThat(s.baseline()).isBetween(490.0, 510.0);
        assertThat(s.score()).isGreaterThan(15);
        assertThat(SEASONAL.score(recent(series, noon + 1), past(series, noon + 1)).anomaly())
                .as("the next, normal minute is quiet again").isFalse();
    }

    @Test
    void overAWholeDayTheSeasonalBaselineRaisesFewerAlarmsThanTheRollingOne() {
        double[] series = traffic(4, 13);
        int day4 = 3 * DAY;
        int rolling = alarms(ROLLING, series, day4, day4 + DAY, false);
        int seasonal = alarms(SEASONAL, series, day4, day4 + DAY, true);
        System.out.printf("alarms over one day of the daily curve at 2.5 sigma: rolling %d, seasonal %d%n", rolling,
                seasonal);
        assertThat(seasonal).isLessThan(rolling);
        assertThat(seasonal).as("near the Gaussian rate of 1.24 %% of 1,440 points").isLessThan(DAY * 3 / 100);
    }

    @Test
    void withoutHistoryItFallsBackToTheRollingBaselineAndSaysWhy() {
        double[] series = traffic(1, 14);
        int i = 10 * 60;
        SeasonalSample none = past(series, i);
        assertThat(none.values()).isEmpty();

        AutoWatch.Score s = SEASONAL.score(recent(series, i), none);

        assertThat(s.baselineKind()).isEqualTo("rolling (no history 1d earlier yet)");
        assertThat(s.score()).isEqualTo(ROLLING.score(recent(series, i)).score());
        SeasonalSample few = new SeasonalSample(new double[] {1, 2, 3}, List.of(Seasonality.DAILY), "");
        assertThat(SEASONAL.score(recent(series, i), few).baselineKind())
                .isEqualTo("rolling (only 3 of 30 points 1d earlier)");
        assertThat(SEASONAL.score(recent(series, i), SeasonalSample.missing(List.of(Seasonality.DAILY),
                "seasonal history loading")).baselineKind()).isEqualTo("rolling (seasonal history loading)");
        assertThat(ROLLING.score(recent(series, i), none).baselineKind()).as("a non-seasonal rule").isEqualTo("rolling");
    }

    @Test
    void theSeasonalBaselineJudgesEvenBeforeTheRecentWindowHasArmed() {
        double[] past = new double[40];
        Arrays.fill(past, 10);
        AutoWatch.Score s = SEASONAL.score(new double[] {50}, new SeasonalSample(past, List.of(Seasonality.DAILY), ""));
        assertThat(s.anomaly()).isTrue();
        assertThat(SEASONAL.score(new double[] {50}, SeasonalSample.missing(List.of(Seasonality.DAILY), "")))
                .as("without history it waits for minPoints, as the rolling baseline does").isNull();
    }

    @Test
    void pastWindowsLookOneTwoAndThreePeriodsBackAndListSharedInstantsOnce() {
        List<Seasonality.PastWindow> w = Seasonality.pastWindows(List.of(Seasonality.DAILY, Seasonality.WEEKLY),
                ts(0), 30 * MINUTE);
        assertThat(w).extracting(Seasonality.PastWindow::offsetMs).containsExactly(
                Duration.ofDays(1).toMillis(), Duration.ofDays(2).toMillis(), Duration.ofDays(3).toMillis(),
                Duration.ofDays(7).toMillis(), Duration.ofDays(14).toMillis(), Duration.ofDays(21).toMillis());
        assertThat(w.get(0).fromMs()).isEqualTo(ts(0) - Duration.ofDays(1).toMillis() - 30 * MINUTE);
        assertThat(w.get(0).toMs()).isEqualTo(ts(0) - Duration.ofDays(1).toMillis() + 30 * MINUTE);
    }

    @Test
    void seasonalityIsParsedFromWordsPeriodsAndLists() {
        assertThat(Seasonality.parse("daily")).containsExactly(Seasonality.DAILY);
        assertThat(Seasonality.parse("weekly, daily")).containsExactly(Seasonality.DAILY, Seasonality.WEEKLY);
        assertThat(Seasonality.parse(List.of("12h", "daily"))).containsExactly(Duration.ofHours(12),
                Seasonality.DAILY);
        assertThat(Seasonality.parse("none")).isEmpty();
        assertThat(Seasonality.parse(null)).isEmpty();
        assertThat(Seasonality.names(List.of(Duration.ofHours(12), Seasonality.DAILY, Seasonality.WEEKLY)))
                .containsExactly("12h", "daily", "weekly");
        assertThatThrownBy(() -> Seasonality.parse("monthly"))
                .hasMessage("unknown seasonality 'monthly'; expected none, daily, weekly or a period such as 12h");
        assertThatThrownBy(() -> Seasonality.parse(List.of(7)))
                .hasMessage("seasonality entries must be none, daily, weekly or a period such as 12h, got 7");
        assertThatThrownBy(() -> new AutoWatch(2.5, null, null, 30, List.of(Duration.ofSeconds(10))))
                .hasMessage("seasonality period must be at least 1m, got PT10S");
    }
}
