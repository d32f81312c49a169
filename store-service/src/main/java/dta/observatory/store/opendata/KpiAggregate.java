package dta.observatory.store.opendata;

import java.util.Arrays;
import java.util.Locale;

/** How a KPI folds the raw samples of one group and period into the one number that is published. */
public enum KpiAggregate {
    AVG, SUM, COUNT, P50, P90, P99,
    /** Per-second increase of a counter over the period, summed over the group's series (resets handled). */
    RATE;

    public static KpiAggregate parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown KPI aggregate '" + name
                    + "'; expected one of avg, sum, count, p50, p90, p99, rate");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Nearest-rank percentile of {@code values} (sorted in place), {@code q} in (0, 1]. */
    static double percentile(double[] values, int count, double q) {
        Arrays.sort(values, 0, count);
        int rank = (int) Math.ceil(q * count);
        return values[Math.max(0, Math.min(count, rank) - 1)];
    }
}
