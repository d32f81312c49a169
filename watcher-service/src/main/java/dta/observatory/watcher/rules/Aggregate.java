package dta.observatory.watcher.rules;

import java.util.Arrays;
import java.util.Locale;

/** Reduces a rule's window of values to the one number compared with its threshold. */
public enum Aggregate {
    AVG, MIN, MAX, SUM, COUNT, LAST, RATE, P50, P90, P99;

    static final String NAMES = "avg, min, max, sum, count, last, rate, p50, p90, p99";

    public static Aggregate parse(String name) {
        if (name != null) {
            for (Aggregate a : values()) {
                if (a.name().equalsIgnoreCase(name.trim())) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("unknown aggregate '" + name + "'; expected one of " + NAMES);
    }

    /** The fewest points this aggregate can say anything about (a rate needs two instants). */
    public int minPoints() {
        return this == RATE ? 2 : 1;
    }

    /** Applies to values alone; {@link #RATE} needs timestamps and fails here. */
    public double apply(double[] window) {
        if (this == RATE) {
            throw new IllegalArgumentException("rate needs timestamps");
        }
        return apply(window, null);
    }

    /**
     * @param window at least {@link #minPoints()} values, oldest first
     * @param timestampsMs their times (only {@link #RATE} reads them)
     * @return the aggregate; NaN for a rate over no elapsed time
     */
    public double apply(double[] window, long[] timestampsMs) {
        if (window.length < minPoints()) {
            throw new IllegalArgumentException(wireName() + " needs at least " + minPoints() + " points, got "
                    + window.length);
        }
        return switch (this) {
            case AVG -> sum(window) / window.length;
            case SUM -> sum(window);
            case COUNT -> window.length;
            case LAST -> window[window.length - 1];
            case MIN -> Arrays.stream(window).min().orElseThrow();
            case MAX -> Arrays.stream(window).max().orElseThrow();
            case RATE -> rate(window, timestampsMs);
            case P50 -> Estimators.quantile(window, 0.50);
            case P90 -> Estimators.quantile(window, 0.90);
            case P99 -> Estimators.quantile(window, 0.99);
        };
    }

    /**
     * Increase per second between the first and the last point, as Prometheus' rate() over a counter: a value
     * lower than the one before is a counter reset, so the new value counts as increase from 0.
     */
    private static double rate(double[] values, long[] ts) {
        double increase = 0;
        for (int i = 1; i < values.length; i++) {
            double delta = values[i] - values[i - 1];
            increase += delta >= 0 ? delta : values[i];
        }
        long spanMs = ts[ts.length - 1] - ts[0];
        return spanMs <= 0 ? Double.NaN : increase * 1000.0 / spanMs;
    }

    private static double sum(double[] window) {
        double sum = 0;
        for (double v : window) {
            sum += v;
        }
        return sum;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
