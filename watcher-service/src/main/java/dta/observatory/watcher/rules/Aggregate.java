package dta.observatory.watcher.rules;

import java.util.Locale;

/** Reduces a rule's window of values to the one number compared with its threshold. */
public enum Aggregate {
    AVG, MIN, MAX, SUM, COUNT, LAST;

    public static Aggregate parse(String name) {
        if (name != null) {
            for (Aggregate a : values()) {
                if (a.name().equalsIgnoreCase(name.trim())) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("unknown aggregate '" + name + "'; expected one of avg, min, max, sum, "
                + "count, last");
    }

    /** @param window at least one value, oldest first */
    public double apply(double[] window) {
        if (window.length == 0) {
            throw new IllegalArgumentException("cannot aggregate an empty window");
        }
        return switch (this) {
            case AVG -> sum(window) / window.length;
            case SUM -> sum(window);
            case COUNT -> window.length;
            case LAST -> window[window.length - 1];
            case MIN -> {
                double min = Double.POSITIVE_INFINITY;
                for (double v : window) {
                    min = Math.min(min, v);
                }
                yield min;
            }
            case MAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : window) {
                    max = Math.max(max, v);
                }
                yield max;
            }
        };
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
