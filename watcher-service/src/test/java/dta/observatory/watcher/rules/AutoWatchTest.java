package dta.observatory.watcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The AutoWatcher on synthetic series with known anomalies. The noise is Gaussian (mean 100, sigma 5, fixed seed)
 * so the counts below are exact for this seed; the assertions leave room around them.
 */
class AutoWatchTest {

    private static final int WINDOW = 60;

    private static double[] noise(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 100 + 5 * r.nextGaussian();
        }
        return v;
    }

    /** Indexes at which the watcher fires, judging each point against the WINDOW points before it. */
    private static boolean[] alarms(AutoWatch w, double[] series) {
        boolean[] out = new boolean[series.length];
        for (int i = WINDOW; i < series.length; i++) {
            AutoWatch.Score s = w.score(Arrays.copyOfRange(series, i - WINDOW, i + 1));
            out[i] = s != null && s.anomaly();
        }
        return out;
    }

    private static int count(boolean[] alarms, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += alarms[i] ? 1 : 0;
        }
        return n;
    }

    private static final AutoWatch MAD = new AutoWatch(2.5, AutoWatch.Method.MAD, AutoWatch.Direction.BOTH, 30);
    private static final AutoWatch ZSCORE = new AutoWatch(2.5, AutoWatch.Method.ZSCORE, AutoWatch.Direction.BOTH, 30);

    @Test
    void aSpikeIsCaughtAndNamedWithItsBaselineAndScore() {
        double[] series = noise(WINDOW + 1, 1);
        series[WINDOW] = 180; // 16 sigma above
        AutoWatch.Score s = MAD.score(series);
        assertThat(s.anomaly()).isTrue();
        assertThat(s.value()).isEqualTo(180);
        assertThat(s.baseline()).isBetween(97.0, 103.0);
        assertThat(s.score()).isBetween(12.0, 20.0);
        assertThat(ZSCORE.score(series).anomaly()).as("the seed's estimator catches a lone spike too").isTrue();
    }

    @Test
    void oneSpikeBlindsTheSeedsMeanSigmaButNotTheMedianMad() {
        double[] series = noise(400, 2);
        series[200] = 1_000; // a huge spike...
        for (int i = 205; i < 215; i++) {
            series[i] = 140; // ...then a real incident (+8 sigma) while the spike is still in the window
        }
        boolean[] mad = alarms(MAD, series);
        boolean[] z = alarms(ZSCORE, series);

        assertThat(mad[200]).isTrue();
        assertThat(z[200]).isTrue();
        assertThat(mad[205]).as("median/MAD still sees the incident").isTrue();
        assertThat(z[205]).as("mean/sigma is blinded: the spike inflated sigma to ~120").isFalse();
        assertThat(count(z, 201, 260)).as("mean/sigma sees nothing for a whole window after the spike").isZero();
    }

    @Test
    void onNormalNoiseBothEstimatorsStayNearTheGaussianFalseAlarmRate() {
        double[] series = noise(5_000, 3);
        int mad = count(alarms(MAD, series), WINDOW, series.length);
        int z = count(alarms(ZSCORE, series), WINDOW, series.length);
        int points = series.length - WINDOW;
        // Two-sided 2.5 sigma: 1.24 % of Gaussian points; estimating from 60 points adds a little.
        assertThat(mad).isLessThan(points * 3 / 100);
        assertThat(z).isLessThan(points * 3 / 100);
        System.out.printf("false alarms on %d noise points at 2.5 sigma: median/MAD %d, mean/sigma %d%n", points,
                mad, z);
    }

    @Test
    void directionAndArmingAreRespected() {
        double[] series = noise(WINDOW + 1, 4);
        series[WINDOW] = 20; // far below
        assertThat(new AutoWatch(2.5, null, AutoWatch.Direction.UP, 30).score(series).anomaly()).isFalse();
        assertThat(new AutoWatch(2.5, null, AutoWatch.Direction.DOWN, 30).score(series).anomaly()).isTrue();
        assertThat(MAD.score(Arrays.copyOf(series, 30))).as("29 points of history: not armed").isNull();
        assertThat(MAD.score(Arrays.copyOf(series, 31))).isNotNull();
    }

    @Test
    void aFlatHistoryFlagsAnyChangeWithAFiniteScore() {
        double[] flat = new double[40];
        Arrays.fill(flat, 7);
        flat[39] = 8;
        AutoWatch.Score s = MAD.score(flat);
        assertThat(s.anomaly()).isTrue();
        assertThat(Double.isFinite(s.score())).isTrue();
        flat[39] = 7;
        assertThat(MAD.score(flat).anomaly()).isFalse();
    }

    @Test
    void settingsAreValidated() {
        assertThat(AutoWatch.DEFAULTS.sensitivity()).isEqualTo(2.5);
        assertThat(AutoWatch.DEFAULTS.method()).isEqualTo(AutoWatch.Method.MAD);
        assertThatThrownBy(() -> new AutoWatch(-1, null, null, 0))
                .hasMessage("sensitivity must be a positive number of standard deviations, got -1.0");
        assertThatThrownBy(() -> AutoWatch.Method.parse("ewma")).hasMessage(
                "unknown auto method 'ewma'; expected mad or zscore");
        assertThatThrownBy(() -> new AutoWatch(2, null, null, 1)).hasMessage("minPoints must be at least 2, got 1");
    }
}
