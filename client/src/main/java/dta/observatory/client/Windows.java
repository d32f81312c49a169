package dta.observatory.client;

/**
 * Helpers for {@link Observatory#watch} rules, so that a rule reads as in the seed:
 * {@code arr -> avg(arr) < 0.95}. Each takes the window's values, oldest first; the window is never empty.
 */
public final class Windows {

    private Windows() {
    }

    public static double avg(double[] window) {
        return sum(window) / window.length;
    }

    public static double sum(double[] window) {
        double sum = 0;
        for (double v : window) {
            sum += v;
        }
        return sum;
    }

    public static double min(double[] window) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : window) {
            min = Math.min(min, v);
        }
        return min;
    }

    public static double max(double[] window) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : window) {
            max = Math.max(max, v);
        }
        return max;
    }
}
