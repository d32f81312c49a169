package dta.observatory.watcher.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A rule as data (a lambda cannot cross the wire). A threshold rule fires when the {@code aggregate} of its window
 * of {@code metric} is {@code comparator threshold}; an AutoWatcher rule ({@link Type#AUTO}) when the newest value
 * lies more than {@code auto.sensitivity} standard deviations from the baseline of the window before it. The
 * condition must hold for {@code forDuration} before the rule fires, and a firing rule keeps firing for
 * {@code keepFiringFor} after it stopped holding. The constructor validates every field and throws
 * {@link IllegalArgumentException} naming the field.
 *
 * @param windowPoints the window as the last N values (0 with a duration window: at most {@link #MAX_WINDOW})
 * @param windowDuration the window as the values of the last duration (zero: a point window)
 * @param auto the AutoWatcher settings, null for threshold rules
 * @param perSeries one state per series (label set) rather than one over all matching series together
 * @param alertOnNoData a rule without data counts as holding (so a misspelt metric name alerts too)
 */
public record WatchRule(String id, Type type, String metric, Map<String, String> matchers, int windowPoints,
        Duration windowDuration, Aggregate aggregate, Comparator comparator, double threshold, AutoWatch auto,
        Duration forDuration, Duration keepFiringFor, Duration minInterval, List<String> channels, String severity,
        String summary, String description, boolean perSeries, boolean alertOnNoData) {

    /** What the rule tests. */
    public enum Type {
        THRESHOLD, AUTO
    }

    /** The seed's throttle: {@code min_interval=300 s}. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(300);
    public static final int MAX_WINDOW = 10_000;
    /** An AutoWatcher without a window learns from the last 100 values. */
    public static final int DEFAULT_AUTO_WINDOW = 100;
    public static final List<String> DEFAULT_CHANNELS = List.of("webhook");
    public static final String DEFAULT_SEVERITY = "warning";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    public WatchRule {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id '" + id + "' must be 1-100 letters, digits, '_', '.' or '-'");
        }
        type = type == null ? Type.THRESHOLD : type;
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric is required");
        }
        windowDuration = orZero(windowDuration);
        if (windowDuration.isNegative()) {
            throw new IllegalArgumentException("window duration must not be negative, got " + windowDuration);
        }
        if (type == Type.AUTO && windowPoints == 0 && windowDuration.isZero()) {
            windowPoints = DEFAULT_AUTO_WINDOW;
        }
        if (windowPoints < 0 || windowPoints > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be between 1 and " + MAX_WINDOW + " points, got "
                    + windowPoints);
        }
        if (windowPoints == 0 && windowDuration.isZero()) {
            throw new IllegalArgumentException("window is required: a number of points (1-" + MAX_WINDOW
                    + ") or a duration such as 5m");
        }
        if (type == Type.THRESHOLD) {
            if (aggregate == null) {
                throw new IllegalArgumentException("aggregate is required (" + Aggregate.NAMES + ")");
            }
            if (comparator == null) {
                throw new IllegalArgumentException("comparator is required (<, <=, >, >=, ==, !=)");
            }
            if (!Double.isFinite(threshold)) {
                throw new IllegalArgumentException("threshold must be a finite number, got " + threshold);
            }
            if (windowPoints > 0 && windowDuration.isZero() && windowPoints < aggregate.minPoints()) {
                throw new IllegalArgumentException(aggregate.wireName() + " needs a window of at least "
                        + aggregate.minPoints() + " points");
            }
            auto = null;
        } else {
            auto = auto == null ? AutoWatch.DEFAULTS : auto;
            if (windowPoints > 0 && auto.minPoints() >= windowPoints) {
                throw new IllegalArgumentException("minPoints (" + auto.minPoints()
                        + ") must be smaller than the window (" + windowPoints + " points)");
            }
        }
        forDuration = nonNegative("for", forDuration);
        keepFiringFor = nonNegative("keepFiringFor", keepFiringFor);
        minInterval = minInterval == null || minInterval.isZero() ? DEFAULT_MIN_INTERVAL : minInterval;
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative, got " + minInterval);
        }
        matchers = Map.copyOf(new TreeMap<>(matchers == null ? Map.of() : matchers));
        channels = channels == null || channels.isEmpty() ? DEFAULT_CHANNELS : List.copyOf(channels);
        severity = severity == null || severity.isBlank() ? DEFAULT_SEVERITY : severity;
        if (summary == null || summary.isBlank()) {
            summary = type == Type.AUTO
                    ? "{{metric}} = {{value}}, baseline {{baseline}}, score {{score}} sigma"
                    : aggregate.wireName() + "(" + metric + ") " + comparator.symbol() + " " + threshold;
        }
        description = description == null ? "" : description;
        Templates.check("summary", summary);
        Templates.check("description", description);
    }

    /** The seed-era threshold rule: a point window, no {@code for}, no {@code keep_firing_for}. */
    public WatchRule(String id, String metric, Map<String, String> matchers, int windowPoints, Aggregate aggregate,
            Comparator comparator, double threshold, Duration minInterval, List<String> channels, String severity,
            String summary) {
        this(id, Type.THRESHOLD, metric, matchers, windowPoints, Duration.ZERO, aggregate, comparator, threshold,
                null, Duration.ZERO, Duration.ZERO, minInterval, channels, severity, summary, "", false, false);
    }

    /** How many of the newest points to read from the store. */
    public int pointsToRead() {
        return windowPoints > 0 ? windowPoints : MAX_WINDOW;
    }

    /** The oldest instant the window reaches back to (0: no bound, a point window). */
    public long windowStartMs(long nowMs) {
        return windowDuration.isZero() ? 0 : nowMs - windowDuration.toMillis();
    }

    /** True when the aggregate breaks the threshold rule. */
    public boolean isBrokenBy(double aggregateValue) {
        return comparator.holds(aggregateValue, threshold);
    }

    private static Duration orZero(Duration d) {
        return d == null ? Duration.ZERO : d;
    }

    private static Duration nonNegative(String field, Duration d) {
        d = orZero(d);
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + d);
        }
        return d;
    }
}
