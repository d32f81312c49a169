package dta.observatory.store.query;

import java.util.Locale;

/** How the points of one step bucket are combined into one value ({@link StepAggregator} does the work). */
public enum Aggregation {
    AVG, MIN, MAX, SUM, COUNT, LAST,
    /** Per-second increase of a counter, with counter resets (a drop) counted as increase from 0. */
    RATE,
    /** Percentiles by linear interpolation between the closest ranks (numpy's default); raw samples only. */
    P50, P90, P99;

    static final String NAMES = "avg, min, max, sum, count, last, rate, p50, p90, p99";

    /** Parses "avg", "P90", ...; throws with the list of known names otherwise. */
    public static Aggregation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown aggregate '" + name + "'; expected one of " + NAMES);
        }
    }

    /** The quantile in [0, 1] of a percentile, NaN for the other aggregates. */
    public double quantile() {
        return switch (this) {
            case P50 -> 0.50;
            case P90 -> 0.90;
            case P99 -> 0.99;
            default -> Double.NaN;
        };
    }

    /** True for aggregates that hourly roll-ups (count, sum, min, max, last) cannot answer. */
    public boolean needsRawSamples() {
        return !Double.isNaN(quantile());
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
