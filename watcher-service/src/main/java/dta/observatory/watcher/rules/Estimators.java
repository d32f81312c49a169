package dta.observatory.watcher.rules;

import java.util.Arrays;

/** Location and scale of a window of values: pure functions over arrays, for the aggregates and the AutoWatcher. */
public final class Estimators {

    /** Makes the MAD estimate the standard deviation of normally distributed values. */
    public static final double MAD_TO_SIGMA = 1.4826;

    private Estimators() {
    }

    /** A centre and a spread in the units of a standard deviation. */
    public record Baseline(double center, double sigma) {
    }

    /** The seed's estimator: mean and (population) standard deviation. */
    public static Baseline meanSigma(double[] values, int from, int to) {
        int n = to - from;
        double mean = 0;
        for (int i = from; i < to; i++) {
            mean += values[i];
        }
        mean /= n;
        double var = 0;
        for (int i = from; i < to; i++) {
            double d = values[i] - mean;
            var += d * d;
        }
        return new Baseline(mean, Math.sqrt(var / n));
    }

    /**
     * The robust estimator: median and 1.4826 x the median absolute deviation. Half the values would have to be
     * outliers to move it, so one spike cannot blind it.
     */
    public static Baseline medianMad(double[] values, int from, int to) {
        double[] copy = Arrays.copyOfRange(values, from, to);
        Arrays.sort(copy);
        double median = sortedQuantile(copy, 0.5);
        for (int i = 0; i < copy.length; i++) {
            copy[i] = Math.abs(copy[i] - median);
        }
        Arrays.sort(copy);
        return new Baseline(median, MAD_TO_SIGMA * sortedQuantile(copy, 0.5));
    }

    /** The q-quantile with linear interpolation between ranks (numpy's default), 0 <= q <= 1. */
    public static double quantile(double[] values, double q) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return sortedQuantile(copy, q);
    }

    private static double sortedQuantile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
