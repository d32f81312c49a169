package dta.observatory.watcher.rules;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The points found around the same instant in earlier seasons, pooled, for the AutoWatcher's seasonal baseline.
 *
 * @param values every point of every past window that had data
 * @param periods the configured periods (for the baseline kind, e.g. {@code seasonal(1d)})
 * @param note why there are none or too few (e.g. "seasonal history loading"); empty otherwise
 */
public record SeasonalSample(double[] values, List<Duration> periods, String note) {

    public SeasonalSample {
        periods = List.copyOf(periods);
        note = note == null ? "" : note;
    }

    public static SeasonalSample missing(List<Duration> periods, String note) {
        return new SeasonalSample(new double[0], periods, note);
    }

    /** e.g. {@code 1d} or {@code 1d,7d}. */
    public String periodsText() {
        return periods.stream().map(Seasonality::text).collect(Collectors.joining(","));
    }
}
