package dta.observatory.store.query;

import java.util.Locale;

/** How the points of one step bucket are combined into one value. */
public enum Aggregation {
    AVG, MIN, MAX, SUM, COUNT, LAST;

    /** Parses "avg", "MAX", ...; throws with the list of known names otherwise. */
    public static Aggregation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown aggregate '" + name + "'; expected one of avg, min, max, sum, "
                    + "count, last");
        }
    }

    /** Folds one bucket's values (in time order) into its result. */
    double fold(double[] values, int count) {
        double acc = switch (this) {
            case MIN -> Double.POSITIVE_INFINITY;
            case MAX -> Double.NEGATIVE_INFINITY;
            default -> 0;
        };
        for (int i = 0; i < count; i++) {
            double v = values[i];
            acc = switch (this) {
                case AVG, SUM -> acc + v;
                case MIN -> Math.min(acc, v);
                case MAX -> Math.max(acc, v);
                case COUNT -> acc + 1;
                case LAST -> v;
            };
        }
        return this == AVG ? acc / count : acc;
    }
}
